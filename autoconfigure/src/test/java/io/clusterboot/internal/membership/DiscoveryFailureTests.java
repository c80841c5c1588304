package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.testsupport.ControlledDiscovery;
import io.clusterboot.testsupport.TestNodes;
import io.clusterboot.internal.transport.TransportSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DiscoveryFailureTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final TestNodes nodes = new TestNodes();

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void anErrorThrownByAStrategyIsADiscoveryErrorAndLaterRoundsStillRun() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3");
		ControlledDiscovery broken = new ControlledDiscovery("flaky").answer(() -> {
			throw new NoClassDefFoundError("com/example/MissingDependency");
		});
		ClusterNode node = this.nodes.start(TestNodes.settings("127.0.0.2", port), TestNodes.COOKIE, broken);
		await().atMost(DEADLINE).until(() -> broken.rounds() >= 1 && node.discovery().error() != null);
		assertThat(node.discovery().error()).contains("NoClassDefFoundError").contains("MissingDependency");
		broken.find(Set.of(new PeerAddress("127.0.0.3", port)));
		this.nodes.start("127.0.0.3", port, new StaticPeerDiscovery(Set.of()));
		await().atMost(DEADLINE).until(() -> node.connectedMembers().size() == 1);
		assertThat(node.discovery().error()).isNull();
	}

	@Test
	void aRefusedDialNeverCountsAHandshakeTimeoutLater() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.5");
		Duration handshakeTimeout = Duration.ofMillis(300);
		ClusterSettings settings = new ClusterSettings("node", "127.0.0.2", false,
				new TransportSettings("127.0.0.2", port, port, 1024 * 1024, handshakeTimeout, Duration.ofMillis(250),
						Duration.ofSeconds(4), 64, 8, 1),
				Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(100));
		ClusterNode node = this.nodes.start(settings, TestNodes.COOKIE,
				new StaticPeerDiscovery(Set.of(new PeerAddress("127.0.0.5", port))));
		await().atMost(DEADLINE)
			.until(() -> node.connectionAttempts().getOrDefault(Reason.UNREACHABLE.id(), 0L) >= 3);
		// Each refused dial's handshake deadline would have fired by now, several times over.
		await().during(handshakeTimeout.multipliedBy(4))
			.atMost(DEADLINE)
			.until(() -> node.handshakeFailures(Reason.HANDSHAKE_TIMEOUT) == 0);
	}

}
