package io.clusterboot.autoconfigure;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.clusterboot.autoconfigure.ClusterProperties.Discovery.Strategy;
import io.clusterboot.internal.discovery.LocalPeerDiscovery;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.FilePeerDiscovery;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterSettings;

/**
 * The {@link PeerDiscovery} of the strategy named by {@code cluster.discovery.strategy}, decided when
 * the bean is created from the bound enum, not by conditions on the property. Conditions are evaluated
 * once by Spring AOT (native images, {@code spring-boot:process-aot}), so a choice made by conditions
 * would be frozen at build time; a run-time switch is not. Strategies with optional dependencies
 * (dnsjava, the Kubernetes client) are built by classes that are loaded only when their strategy is
 * chosen and its dependency is present.
 * <p>
 * An application's own {@link PeerDiscovery} bean replaces this one (the {@code custom} strategy).
 */
@Configuration(proxyBeanMethods = false)
final class DiscoveryConfiguration {

	/** The name of the built-in discovery bean: any other {@link PeerDiscovery} bean is the application's. */
	static final String BEAN_NAME = "clusterBuiltInPeerDiscovery";

	private static final String DNSJAVA = "org.xbill.DNS.Resolver";

	@Bean(BEAN_NAME)
	@ConditionalOnMissingBean
	PeerDiscovery clusterBuiltInPeerDiscovery(ClusterProperties properties, ClusterSettings settings,
			ApplicationContext context) {
		Strategy strategy = properties.getDiscovery().getStrategy();
		ClassLoader classLoader = context.getClassLoader();
		return switch (strategy) {
			case LOCAL -> local(settings);
			case STATIC -> staticPeers(properties);
			case FILE -> file(properties);
			case DNS, SRV -> {
				requireClass(DNSJAVA, classLoader, "'" + strategy.name().toLowerCase(java.util.Locale.ROOT)
						+ "' needs dnsjava, which is not on the classpath",
						"Add the dependency dnsjava:dnsjava (cluster-spring-boot-starter brings it)");
				yield DnsDiscoveryFactory.create(strategy, properties, settings);
			}
			case KUBERNETES -> {
				requireClass(KubernetesDiscoveryFactory.CLIENT_CLASS, classLoader,
						"is 'kubernetes', but the Kubernetes client is not on the classpath",
						"Add the dependency org.springframework.cloud:spring-cloud-kubernetes-client-autoconfig "
								+ "(managed by org.springframework.cloud:spring-cloud-kubernetes-dependencies)");
				yield KubernetesDiscoveryFactory.create(properties, context);
			}
			case SPRING_CLOUD -> {
				requireClass(SpringCloudDiscoveryFactory.DISCOVERY_CLIENT_CLASS, classLoader,
						"is 'spring-cloud', but Spring Cloud Commons is not on the classpath",
						"Add the Spring Cloud client of your registry (e.g. "
								+ "org.springframework.cloud:spring-cloud-starter-netflix-eureka-client)");
				yield SpringCloudDiscoveryFactory.create(properties, context);
			}
			case CUSTOM -> throw new InvalidClusterPropertyException("cluster.discovery.strategy",
					"is 'custom', but the application defines no PeerDiscovery bean",
					"Define a @Bean of type io.clusterboot.discovery.PeerDiscovery, or choose another "
							+ "cluster.discovery.strategy (local, static, file, dns, srv, kubernetes or spring-cloud).");
		};
	}

	// Run-time checks inside: a condition on the strategy would be frozen by Spring AOT.
	@Bean
	@ConditionalOnMissingBean(EurekaClusterPortPublisher.class)
	static EurekaClusterPortPublisher clusterEurekaPortPublisher(Environment environment) {
		return new EurekaClusterPortPublisher(environment);
	}

	/**
	 * Whether the application defines its own {@link PeerDiscovery} bean, which makes the strategy
	 * {@code custom} whatever {@code cluster.discovery.strategy} says. Looks at bean definitions only.
	 * @param beanFactory the bean factory
	 * @return whether a {@link PeerDiscovery} bean other than the built-in one is defined
	 */
	static boolean hasCustomDiscovery(ListableBeanFactory beanFactory) {
		return Arrays.stream(beanFactory.getBeanNamesForType(PeerDiscovery.class, true, false))
			.anyMatch((name) -> !BEAN_NAME.equals(name));
	}

	private static PeerDiscovery local(ClusterSettings settings) {
		String host = (settings.transport().bindAddress() != null) ? settings.transport().bindAddress()
				: ClusterSettingsFactory.LOOPBACK;
		return new LocalPeerDiscovery(host, settings.transport().firstPort(), settings.transport().lastPort());
	}

	private static PeerDiscovery staticPeers(ClusterProperties properties) {
		Set<PeerAddress> peers = ClusterAutoConfiguration.parsePeers(properties.getDiscovery().getStatic().getPeers(),
				"cluster.discovery.static.peers", properties.getTransport().getPort());
		if (peers.isEmpty()) {
			throw new InvalidClusterPropertyException("cluster.discovery.static.peers", "is empty",
					"List at least one peer as host:port, or choose another cluster.discovery.strategy.");
		}
		return new StaticPeerDiscovery(peers);
	}

	private static PeerDiscovery file(ClusterProperties properties) {
		String path = properties.getDiscovery().getFile().getPath();
		if (path == null || path.isBlank()) {
			throw new InvalidClusterPropertyException("cluster.discovery.file.path", "is not set",
					"Set it to a file that lists the peers, one host[:port] per line, or choose another "
							+ "cluster.discovery.strategy.");
		}
		Path file;
		try {
			file = Path.of(path);
		}
		catch (InvalidPathException ex) {
			throw new InvalidClusterPropertyException("cluster.discovery.file.path", "is not a valid path: "
					+ ex.getReason(), "Set it to a file that lists the peers, one host[:port] per line.");
		}
		// A missing file is not fatal: the tool that writes it (a ConfigMap, Ansible) may come later.
		return new FilePeerDiscovery(file, properties.getTransport().getPort());
	}

	// A strategy whose library is optional: without it, start-up fails saying what to add.
	private static void requireClass(String className, ClassLoader classLoader, String problem, String addIt) {
		if (!ClassUtils.isPresent(className, classLoader)) {
			throw new InvalidClusterPropertyException("cluster.discovery.strategy", problem,
					addIt + ", or choose another cluster.discovery.strategy.");
		}
	}

}
