package io.clusterboot.autoconfigure;

import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.clusterboot.discovery.LocalPeerDiscovery;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.StaticPeerDiscovery;
import io.clusterboot.membership.ClusterSettings;

/**
 * One configuration per discovery strategy, chosen by {@code cluster.discovery.strategy}.
 */
final class DiscoveryConfigurations {

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

}
