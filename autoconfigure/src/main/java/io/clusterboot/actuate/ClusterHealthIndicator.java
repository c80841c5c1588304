package io.clusterboot.actuate;

import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.clusterboot.Cluster;
import io.clusterboot.DiscoveryStatus;
import io.clusterboot.Member;
import io.clusterboot.NodeName;

/**
 * The {@code cluster} health indicator: {@code UP} while at least {@code cluster.health.min-peers}
 * peers are connected, {@code DOWN} otherwise. The default of 0 keeps a lone first node {@code UP}, so
 * a readiness-gated rollout never waits for peers that cannot start before it.
 * <p>
 * A failing discovery round alone does not change the status: the node keeps dialling the last good
 * addresses, and its connections (which decide the status) are unaffected. Taking every replica out
 * of service because a DNS server or the Kubernetes API is briefly unavailable would turn a
 * discovery outage into an application outage. The error is shown in the details instead, and a node
 * that needs its peers sets {@code min-peers} and goes {@code DOWN} when it has too few.
 */
public final class ClusterHealthIndicator extends AbstractHealthIndicator {

	private final Cluster cluster;

	private final int minPeers;

	/**
	 * Creates the indicator.
	 * @param cluster the cluster
	 * @param minPeers how many connected peers it needs to report {@code UP}
	 */
	public ClusterHealthIndicator(Cluster cluster, int minPeers) {
		super("Cluster health check failed");
		this.cluster = cluster;
		this.minPeers = minPeers;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<Member> members = this.cluster.peers();
		long connected = members.stream().filter(Member::isConnected).count();
		if (connected >= this.minPeers) {
			builder.up();
		}
		else {
			builder.down();
		}
		NodeName self = this.cluster.self();
		if (self != null) {
			builder.withDetail("node", self.toString());
		}
		builder.withDetail("connected", connected).withDetail("known", members.size()).withDetail("minPeers",
				this.minPeers);
		builder.withDetail("tls", this.cluster.tlsCertificate() != null);
		DiscoveryStatus discovery = this.cluster.discovery();
		if (discovery.error() != null) {
			builder.withDetail("discoveryError", discovery.error());
		}
	}

}
