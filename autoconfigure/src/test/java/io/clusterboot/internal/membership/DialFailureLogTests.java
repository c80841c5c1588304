package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that keeps failing the same way is logged once, not at every retry, and shows as down since
 * its first failure: with thousands of such addresses the log must not grow per retry.
 */
@ExtendWith(OutputCaptureExtension.class)
class DialFailureLogTests {

	private final TestNodes nodes = new TestNodes();

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void aFailureThatRepeatsIsLoggedOnceAndKeepsItsSince(CapturedOutput output) throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.5");
		PeerAddress nobody = new PeerAddress("127.0.0.5", port);
		ClusterNode node = this.nodes.start("127.0.0.2", port, new StaticPeerDiscovery(Set.of(nobody)));
		await().atMost(Duration.ofSeconds(30)).until(() -> node.peers().stream().anyMatch((m) -> m.address().equals(nobody) && m.state() == MemberState.DOWN));
		Member first = node.peers().get(0);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> node.connectionAttempts().getOrDefault(Reason.UNREACHABLE.id(), 0L) >= 5);
		Member later = node.peers().get(0);
		assertThat(later.state()).isEqualTo(MemberState.DOWN);
		assertThat(later.lastError()).isEqualTo(Reason.UNREACHABLE);
		assertThat(later.since()).isEqualTo(first.since());
		assertThat(output.getAll().split("Cannot reach " + nobody, -1)).hasSize(2);
		// An address that never completed a handshake is a peer this node dials, not a member.
		assertThat(node.members()).isEmpty();
		assertThat(node.peers()).extracting(Member::address).containsExactly(nobody);
	}

}
