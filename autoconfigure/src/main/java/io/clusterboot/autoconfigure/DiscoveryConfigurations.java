package io.clusterboot.autoconfigure;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.clusterboot.discovery.LocalPeerDiscovery;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.StaticPeerDiscovery;
import io.clusterboot.discovery.dns.DnsPeerDiscovery;
import io.clusterboot.discovery.dns.SrvPeerDiscovery;
import io.clusterboot.membership.ClusterSettings;

/**
 * One configuration per discovery strategy, chosen by {@code cluster.discovery.strategy}.
 */
final class DiscoveryConfigurations {

	private static final String DNSJAVA = "org.xbill.DNS.Resolver";

	private DiscoveryConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "cluster.discovery.strategy", havingValue = "local", matchIfMissing = true)
	static class Local {

		@Bean
		@ConditionalOnMissingBean
		PeerDiscovery localPeerDiscovery(ClusterSettings settings) {
			String host = (settings.transport().bindAddress() != null) ? settings.transport().bindAddress()
					: ClusterSettingsFactory.LOOPBACK;
			return new LocalPeerDiscovery(host, settings.transport().firstPort(), settings.transport().lastPort());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "cluster.discovery.strategy", havingValue = "static")
	static class Static {

		@Bean
		@ConditionalOnMissingBean
		PeerDiscovery staticPeerDiscovery(ClusterProperties properties) {
			Set<PeerAddress> peers = ClusterAutoConfiguration.parsePeers(properties.getDiscovery().getStatic().getPeers(),
					"cluster.discovery.static.peers", properties.getTransport().getPort());
			if (peers.isEmpty()) {
				throw new InvalidClusterPropertyException("cluster.discovery.static.peers", "is empty",
						"List at least one peer as host:port, or choose another cluster.discovery.strategy.");
			}
			return new StaticPeerDiscovery(peers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "cluster.discovery.strategy", havingValue = "dns")
	@ConditionalOnClass(name = DNSJAVA)
	static class Dns {

		@Bean
		@ConditionalOnMissingBean
		PeerDiscovery dnsPeerDiscovery(ClusterProperties properties, ClusterSettings settings) {
			ClusterProperties.Discovery.Dns dns = properties.getDiscovery().getDns();
			String name = DnsSettingsFactory.name(dns.getName(), "cluster.discovery.dns.name",
					"myapp-headless.myns.svc.cluster.local");
			return new DnsPeerDiscovery(name, settings.transport().firstPort(), DnsSettingsFactory.create(dns));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "cluster.discovery.strategy", havingValue = "srv")
	@ConditionalOnClass(name = DNSJAVA)
	static class Srv {

		@Bean
		@ConditionalOnMissingBean
		PeerDiscovery srvPeerDiscovery(ClusterProperties properties) {
			String name = DnsSettingsFactory.name(properties.getDiscovery().getSrv().getName(),
					"cluster.discovery.srv.name", "_cluster._tcp.myapp-headless.myns.svc.cluster.local");
			return new SrvPeerDiscovery(name, DnsSettingsFactory.create(properties.getDiscovery().getDns()));
		}

	}

	/** The dns and srv strategies without dnsjava: say what to add rather than "no PeerDiscovery bean". */
	@Configuration(proxyBeanMethods = false)
	@Conditional(DnsStrategyCondition.class)
	@ConditionalOnMissingClass(DNSJAVA)
	static class DnsjavaMissing {

		@Bean
		@ConditionalOnMissingBean
		PeerDiscovery dnsjavaMissing(ClusterProperties properties) {
			throw new InvalidClusterPropertyException("cluster.discovery.strategy",
					"'" + properties.getDiscovery().getStrategy().name().toLowerCase()
							+ "' needs dnsjava, which is not on the classpath",
					"Add the dependency dnsjava:dnsjava (cluster-spring-boot-starter brings it), or choose another "
							+ "cluster.discovery.strategy.");
		}

	}

	static final class DnsStrategyCondition extends AnyNestedCondition {

		DnsStrategyCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnProperty(name = "cluster.discovery.strategy", havingValue = "dns")
		static class Dns {

		}

		@ConditionalOnProperty(name = "cluster.discovery.strategy", havingValue = "srv")
		static class Srv {

		}

	}

}
