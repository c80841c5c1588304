package io.clusterboot.autoconfigure;

import io.clusterboot.autoconfigure.ClusterProperties.Discovery.Strategy;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.dns.DnsPeerDiscovery;
import io.clusterboot.internal.discovery.dns.SrvPeerDiscovery;
import io.clusterboot.internal.membership.ClusterSettings;

/**
 * Builds the {@code dns} and {@code srv} strategies. Loaded only once dnsjava is known to be present.
 */
final class DnsDiscoveryFactory {

	private DnsDiscoveryFactory() {
	}

	static PeerDiscovery create(Strategy strategy, ClusterProperties properties, ClusterSettings settings) {
		ClusterProperties.Discovery.Dns dns = properties.getDiscovery().getDns();
		if (strategy == Strategy.SRV) {
			String name = DnsSettingsFactory.name(properties.getDiscovery().getSrv().getName(),
					"cluster.discovery.srv.name", "_cluster._tcp.myapp-headless.myns.svc.cluster.local");
			return new SrvPeerDiscovery(name, DnsSettingsFactory.create(dns));
		}
		String name = DnsSettingsFactory.name(dns.getName(), "cluster.discovery.dns.name",
				"myapp-headless.myns.svc.cluster.local");
		return new DnsPeerDiscovery(name, settings.transport().firstPort(), DnsSettingsFactory.create(dns));
	}

}
