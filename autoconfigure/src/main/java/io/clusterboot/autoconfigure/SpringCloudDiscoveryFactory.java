package io.clusterboot.autoconfigure;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.scope.ScopedObject;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import io.clusterboot.discovery.PeerDiscovery;

/**
 * Builds the {@code spring-cloud} strategy over the application's {@link DiscoveryClient}. Loaded only
 * once Spring Cloud Commons is known to be on the classpath (see {@link #DISCOVERY_CLIENT_CLASS}).
 */
final class SpringCloudDiscoveryFactory {

	/** Present with Spring Cloud Commons, which every Spring Cloud registry client brings. */
	static final String DISCOVERY_CLIENT_CLASS = "org.springframework.cloud.client.discovery.DiscoveryClient";

	// Netflix's client keeps answering from its last registry when the server is gone: it is asked how
	// old that registry is. Read as bean properties, so that nothing here needs Eureka to compile.
	private static final String EUREKA_CLIENT_CLASS = "com.netflix.discovery.EurekaClient";

	private static final Logger logger = LoggerFactory.getLogger(SpringCloudDiscoveryFactory.class);

	private SpringCloudDiscoveryFactory() {
	}

	static PeerDiscovery create(ClusterProperties properties, ApplicationContext context) {
		String prefix = "cluster.discovery.spring-cloud.";
		ClusterProperties.Discovery.SpringCloud springCloud = properties.getDiscovery().getSpringCloud();
		if (context.getBeanNamesForType(DiscoveryClient.class, true, false).length == 0) {
			throw new InvalidClusterPropertyException("cluster.discovery.strategy",
					"is 'spring-cloud', but the application has no DiscoveryClient",
					"Add the Spring Cloud client of your registry (e.g. spring-cloud-starter-netflix-eureka-client, "
							+ "spring-cloud-starter-consul-discovery), or list instances with "
							+ "spring.cloud.discovery.client.simple.instances, or choose another cluster.discovery.strategy.");
		}
		String serviceId = trimmed(springCloud.getServiceId());
		if (serviceId == null) {
			serviceId = trimmed(context.getEnvironment().getProperty("spring.application.name"));
		}
		if (serviceId == null) {
			throw new InvalidClusterPropertyException(prefix + "service-id", "is not set, and neither is "
					+ "spring.application.name", "Set " + prefix + "service-id to the service whose instances are "
							+ "the peers (usually this application's own).");
		}
		String portKey = trimmed(springCloud.getPortMetadataKey());
		if (portKey == null) {
			throw new InvalidClusterPropertyException(prefix + "port-metadata-key", "is empty",
					"Leave it unset (cluster-port) or name the metadata key that holds the cluster port.");
		}
		ObjectProvider<DiscoveryClient> clients = context.getBeanProvider(DiscoveryClient.class);
		return new SpringCloudPeerDiscovery(clients::getObject, serviceId, portKey,
				properties.getTransport().getPort(), freshness(context));
	}

	private static SpringCloudPeerDiscovery.RegistryFreshness freshness(ApplicationContext context) {
		if (!ClassUtils.isPresent(EUREKA_CLIENT_CLASS, context.getClassLoader())) {
			return SpringCloudPeerDiscovery.RegistryFreshness.ALWAYS;
		}
		ObjectProvider<?> eureka = context
			.getBeanProvider(ClassUtils.resolveClassName(EUREKA_CLIENT_CLASS, context.getClassLoader()));
		return () -> {
			Object client = eureka.getIfAvailable();
			// Spring Cloud refreshes the Eureka client: the bean is a scoped proxy of the interface.
			if (client instanceof ScopedObject scoped) {
				client = scoped.getTargetObject();
			}
			if (client == null) {
				return null;
			}
			try {
				BeanWrapper properties = PropertyAccessorFactory.forBeanPropertyAccess(client);
				long age = ((Number) properties.getPropertyValue("lastSuccessfulRegistryFetchTimePeriod")).longValue();
				int interval = ((Number) properties.getPropertyValue("eurekaClientConfig.registryFetchIntervalSeconds"))
					.intValue();
				return staleness(age, Duration.ofSeconds(interval));
			}
			catch (BeansException | ClassCastException | NullPointerException ex) {
				logger.debug("Cannot tell how old the Eureka client's registry is", ex);
				return null;
			}
		};
	}

	/**
	 * Eureka's answer is stale once three fetches in a row have failed. Netflix's client starts the
	 * clock at its first periodic fetch, not at the one it makes while starting: until then its age is
	 * unknown and its answer is taken as it is.
	 * @param age milliseconds since the last successful periodic fetch, or a negative number before the
	 * first
	 * @param interval the client's fetch interval
	 * @return the problem, or {@code null}
	 */
	static String staleness(long age, Duration interval) {
		long limit = 3 * interval.toMillis();
		if (age <= limit) {
			return null;
		}
		// The same words every round, so that the rate-limited warning says it once.
		return "The Eureka client has not fetched the registry from its server in the last " + (limit / 1000)
				+ " s, three fetch intervals (check eureka.client.service-url and that the server is up)";
	}

	private static String trimmed(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
