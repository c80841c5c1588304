package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import io.clusterboot.ClusterListener;
import io.clusterboot.Member;
import io.clusterboot.NodeUpEvent;
import io.clusterboot.actuate.ClusterHealthIndicator;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener that never returns holds up only listeners: readers of the membership (health, the
 * endpoint, {@code members()}) answer at once, and membership goes on changing.
 */
class SlowListenerTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final TestNodes nodes = new TestNodes();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.release.countDown();
		this.nodes.close();
	}

	@Test
	void aListenerThatBlocksDelaysNeitherReadersNorMembership() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4");
		ClusterNode node = this.nodes.start("127.0.0.2", port, new StaticPeerDiscovery(
				Set.of(new PeerAddress("127.0.0.3", port), new PeerAddress("127.0.0.4", port))));
		CountDownLatch blocked = new CountDownLatch(1);
		node.addListener(new ClusterListener() {
			@Override
			public void nodeUp(NodeUpEvent event) {
				blocked.countDown();
				try {
					SlowListenerTests.this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		});
		this.nodes.start("127.0.0.3", port, new StaticPeerDiscovery(Set.of()));
		assertThat(blocked.await(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

		// The listener is stuck in the first node-up; the second peer still joins, and is seen.
		this.nodes.start("127.0.0.4", port, new StaticPeerDiscovery(Set.of()));
		ClusterHealthIndicator health = new ClusterHealthIndicator(node, 2);
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(node.connectedMembers()).hasSize(2);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(node.connectedMembers()).extracting(Member::rttMillis).doesNotContainNull();
		});
	}

}
