package io.clusterboot.membership;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.RepeatedTest;

import io.clusterboot.ClusterListener;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes that dial each other at the same instant keep exactly one connection, and neither
 * announces the other down while the spare connection is closed.
 */
class SimultaneousDialTests {

	@RepeatedTest(5)
	void bothDialAtOnceAndOneConnectionRemains() throws Exception {
		try (TestNodes nodes = new TestNodes()) {
			GatedDiscovery toB = new GatedDiscovery(TestNodes.address("127.0.0.3"));
			GatedDiscovery toA = new GatedDiscovery(TestNodes.address("127.0.0.2"));
			ClusterNode a = nodes.start(TestNodes.settings("127.0.0.2", TestNodes.PORT), TestNodes.COOKIE, toB);
			ClusterNode b = nodes.start(TestNodes.settings("127.0.0.3", TestNodes.PORT), TestNodes.COOKIE, toA);
			List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();
			ClusterListener recorder = new ClusterListener() {
				@Override
				public void nodeDown(NodeDownEvent event) {
					downs.add(event);
				}
			};
			a.addListener(recorder);
			b.addListener(recorder);

			toA.open = true;
			toB.open = true;
			a.refresh();
			b.refresh();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> a.connectedMembers().size() == 1 && b.connectedMembers().size() == 1
						&& a.openConnections() == 1 && b.openConnections() == 1);
			// Several heartbeat intervals later it is still one healthy connection, never announced down.
			Thread.sleep(600);
			assertThat(a.openConnections()).isEqualTo(1);
			assertThat(b.openConnections()).isEqualTo(1);
			assertThat(a.connectedMembers()).hasSize(1);
			assertThat(b.connectedMembers()).hasSize(1);
			assertThat(downs).isEmpty();
		}
	}

	private static final class GatedDiscovery implements PeerDiscovery {

		private final PeerAddress peer;

		private volatile boolean open;

		GatedDiscovery(PeerAddress peer) {
			this.peer = peer;
		}

		@Override
		public String name() {
			return "gated";
		}

		@Override
		public DiscoveryResult discover() {
			return DiscoveryResult.found(this.open ? Set.of(this.peer) : Set.of());
		}

	}

}
