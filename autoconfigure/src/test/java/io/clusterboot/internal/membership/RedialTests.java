package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.transport.TransportSettings;
import io.clusterboot.testsupport.TestNodes;

import static org.awaitility.Awaitility.await;

/**
 * A peer whose dial failed is dialled again when its backoff expires, not at the next discovery poll:
 * a peer that comes up a moment later is joined within the backoff.
 */
class RedialTests {

	private final TestNodes nodes = new TestNodes();

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void aFailedDialIsRetriedWhenItsBackoffExpiresNotAtTheNextPoll() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3");
		Duration poll = Duration.ofMinutes(2);
		ClusterNode node = this.nodes.start(new ClusterSettings("node", "127.0.0.2", false,
				new TransportSettings("127.0.0.2", port, port, 1024 * 1024, Duration.ofSeconds(5),
						Duration.ofMillis(250), Duration.ofSeconds(4), 64, 8, 1),
				poll, Duration.ofMillis(100), Duration.ofSeconds(1)), TestNodes.COOKIE,
				new StaticPeerDiscovery(Set.of(new PeerAddress("127.0.0.3", port))));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> node.connectionAttempts().getOrDefault(Reason.UNREACHABLE.id(), 0L) >= 2);
		ClusterNode peer = this.nodes.start("127.0.0.3", port, new StaticPeerDiscovery(Set.of()));
		// Well within the two-minute poll: only a redial at backoff expiry (at most 1 s here) joins it.
		await().atMost(Duration.ofSeconds(30)).until(() -> TestNodes.connectedNames(node).contains(peer.self()));
	}

}
