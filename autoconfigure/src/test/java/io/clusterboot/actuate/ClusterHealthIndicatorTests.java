package io.clusterboot.actuate;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.clusterboot.Reason;
import io.clusterboot.DiscoveryStatus;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterHealthIndicatorTests {

	private final FakeCluster cluster = new FakeCluster();

	@Test
	void aLoneNodeIsUpByDefault() {
		Health health = new ClusterHealthIndicator(this.cluster, 0).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("node", "orders@127.0.0.2")
			.containsEntry("connected", 0L)
			.containsEntry("known", 0)
			.containsEntry("minPeers", 0)
			.doesNotContainKey("discoveryError");
	}

	@Test
	void isDownWithFewerConnectedPeersThanMinPeersAndUpWithEnough() {
		this.cluster.members(member("127.0.0.3", MemberState.CONNECTED), member("127.0.0.4", MemberState.DOWN));
		ClusterHealthIndicator indicator = new ClusterHealthIndicator(this.cluster, 2);
		Health down = indicator.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("connected", 1L)
			.containsEntry("known", 2)
			.containsEntry("minPeers", 2);
		this.cluster.members(member("127.0.0.3", MemberState.CONNECTED), member("127.0.0.4", MemberState.CONNECTED));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aDiscoveryErrorIsShownButDoesNotTakeDownANodeWithEnoughPeers() {
		this.cluster.members(member("127.0.0.3", MemberState.CONNECTED));
		this.cluster.discovery(new DiscoveryStatus("dns", Instant.now(), null,
				Set.of(new PeerAddress("127.0.0.3", 4370)), "dns discovery failed: SERVFAIL"));
		Health health = new ClusterHealthIndicator(this.cluster, 1).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("discoveryError", "dns discovery failed: SERVFAIL");
	}

	@Test
	void aDiscoveryErrorWithTooFewPeersIsDown() {
		this.cluster
			.discovery(new DiscoveryStatus("dns", Instant.now(), null, Set.of(), "dns discovery failed: timeout"));
		Health health = new ClusterHealthIndicator(this.cluster, 1).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("discoveryError", "dns discovery failed: timeout");
	}

	private static Member member(String host, MemberState state) {
		return new Member(NodeName.parse("orders@" + host), new PeerAddress(host, 4370), state, Instant.now(),
				(state == MemberState.CONNECTED) ? 0.2 : null,
				(state == MemberState.CONNECTED) ? null : Reason.CONNECTION_CLOSED, null);
	}

}
