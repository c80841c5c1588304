package io.clusterboot.internal.transport;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.Reason;
import io.clusterboot.ClusterListener;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.testsupport.RawPeer;
import io.clusterboot.testsupport.TestNodes;
import io.clusterboot.internal.transport.codec.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that completes the handshake and then falls silent (a hung process keeps its socket open)
 * is marked down for heartbeat-timeout once nothing has come from it for the heartbeat timeout, and
 * not earlier.
 */
class HeartbeatTimeoutTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Duration TIMEOUT = Duration.ofMillis(1500);

	private final TestNodes nodes = new TestNodes();

	private final int port = TestNodes.freePort("127.0.0.2");

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void aSilentPeerIsDownAfterTheTimeoutNotAtTheNextHeartbeat() throws Exception {
		TransportSettings transport = new TransportSettings("127.0.0.2", this.port, this.port, 1024 * 1024,
				Duration.ofSeconds(2), INTERVAL, TIMEOUT, 64, 8, 1);
		ClusterNode node = this.nodes.start(new ClusterSettings("node", "127.0.0.2", false, transport,
				Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1)), TestNodes.COOKIE,
				new StaticPeerDiscovery(Set.of()));
		CompletableFuture<NodeDownEvent> down = new CompletableFuture<>();
		node.addListener(new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				down.complete(event);
			}
		});
		try (RawPeer silent = RawPeer.connect("127.0.0.9", node.boundAddress())) {
			assertThat(silent.handshake("silent@127.0.0.9", 1L, Cookie.of(TestNodes.COOKIE)))
				.isInstanceOf(Message.Accept.class);
			long lastFrame = System.nanoTime(); // the node heard the PROOF a little before this

			NodeDownEvent event = down.get(30, TimeUnit.SECONDS);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastFrame);

			assertThat(event.reason()).isEqualTo(Reason.HEARTBEAT_TIMEOUT);
			// Never before the timeout; that it comes at the timeout and not at the next heartbeat is
			// shown in virtual time by ConnectionHandlerTests, free of this machine's scheduling.
			assertThat(millis).isGreaterThanOrEqualTo(TIMEOUT.toMillis() - 100);
		}
	}

}
