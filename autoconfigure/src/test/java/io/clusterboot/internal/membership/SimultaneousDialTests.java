package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.RepeatedTest;

import io.clusterboot.ClusterListener;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.testsupport.ControlledDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes that learn of each other in the same instant and dial each other at once keep exactly one
 * connection, and neither announces the other down while any spare connection is closed. Whether both
 * handshakes overlap is up to the scheduler; the rule that settles them when they do is tested
 * deterministically in {@link SimultaneousDialSettlementTests}.
 */
class SimultaneousDialTests {

	@RepeatedTest(5)
	void bothDialAtOnceAndOneConnectionRemains() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3");
		try (TestNodes nodes = new TestNodes()) {
			ControlledDiscovery toB = new ControlledDiscovery("gated");
			ControlledDiscovery toA = new ControlledDiscovery("gated");
			ClusterNode a = nodes.start("127.0.0.2", port, toB);
			ClusterNode b = nodes.start("127.0.0.3", port, toA);
			List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();
			ClusterListener recorder = new ClusterListener() {
				@Override
				public void nodeDown(NodeDownEvent event) {
					downs.add(event);
				}
			};
			a.addListener(recorder);
			b.addListener(recorder);

			toA.find(Set.of(new PeerAddress("127.0.0.2", port)));
			toB.find(Set.of(new PeerAddress("127.0.0.3", port)));
			a.refresh();
			b.refresh();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> a.connectedMembers().size() == 1 && b.connectedMembers().size() == 1
						&& a.openConnections() == 1 && b.openConnections() == 1);
			// Several heartbeat intervals later it is still one healthy connection, never announced down.
			await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(a.openConnections()).isEqualTo(1);
				assertThat(b.openConnections()).isEqualTo(1);
				assertThat(a.connectedMembers()).hasSize(1);
				assertThat(b.connectedMembers()).hasSize(1);
				assertThat(downs).isEmpty();
			});
		}
	}

}
