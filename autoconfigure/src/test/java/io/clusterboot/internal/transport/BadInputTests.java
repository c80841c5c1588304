package io.clusterboot.internal.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.clusterboot.ClusterListener;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.testsupport.RawPeer;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.testsupport.TestNodes;
import io.clusterboot.internal.transport.codec.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input against a running node (127.0.0.2) that is connected to a peer (127.0.0.3). Each
 * attack from 127.0.0.20 must end in a closed connection and a log line naming the attacker, and
 * the node must go on serving its peer on the very same connection, with no node-down event.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final String ATTACKER = "127.0.0.20";

	private final TestNodes nodes = new TestNodes();

	private final int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", ATTACKER);

	private final List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();

	private ClusterNode node;

	private ClusterNode peer;

	private Member peerBefore;

	@BeforeEach
	void startPair() throws Exception {
		this.node = this.nodes.start("127.0.0.2", this.port, Set.of(address("127.0.0.3")));
		this.peer = this.nodes.start("127.0.0.3", this.port, Set.of());
		await().atMost(DEADLINE).until(() -> this.node.connectedMembers().size() == 1);
		this.peerBefore = this.node.connectedMembers().get(0);
		ClusterListener recorder = new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				BadInputTests.this.downs.add(event);
			}
		};
		this.node.addListener(recorder);
		this.peer.addListener(recorder);
	}

	@AfterEach
	void stillServesItsPeer() {
		try {
			assertThat(this.downs).isEmpty();
			List<Member> connected = this.node.connectedMembers();
			assertThat(connected).hasSize(1);
			assertThat(connected.get(0).name()).isEqualTo(this.peer.self());
			assertThat(connected.get(0).since()).as("same connection as before").isEqualTo(this.peerBefore.since());
			// Heartbeats still flow both ways: the peer's RTT keeps being measured.
			await().atMost(DEADLINE).until(() -> this.peer.connectedMembers().get(0).rttMillis() != null);
		}
		finally {
			this.nodes.close();
		}
	}

	@Test
	void randomBytes(CapturedOutput output) throws Exception {
		byte[] noise = new byte[1024];
		new SecureRandom().nextBytes(noise);
		noise[0] = 'X';
		assertClosedAfter(noise);
		assertLogged(output, "not a ClusterBoot peer");
	}

	@Test
	void anHttpRequest(CapturedOutput output) throws Exception {
		assertClosedAfter("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		assertLogged(output, "not a ClusterBoot peer");
	}

	@Test
	void lengthPrefixesOfTwoToTheThirtyFirstAndTwoToTheThirtyTwoMinusOne(CapturedOutput output) throws Exception {
		for (int length : new int[] { 0x80000000, 0xFFFFFFFF }) {
			try (RawPeer raw = attacker()) {
				raw.writePreface();
				raw.writeRaw(new byte[] { (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
						(byte) length });
				assertThat(raw.closedByNode()).isTrue();
			}
		}
		assertLogged(output, "exceeds the limit");
	}

	@Test
	void aClientThatConnectsAndSaysNothing(CapturedOutput output) throws Exception {
		try (RawPeer raw = attacker()) {
			assertThat(raw.closedByNode()).isTrue();
		}
		assertLogged(output, "handshake-timeout");
	}

	@Test
	void aClientThatStopsMidHandshake(CapturedOutput output) throws Exception {
		try (RawPeer raw = attacker()) {
			raw.writePreface();
			raw.send(new Message.Hello("silent@127.0.0.20", new byte[32], 4370, 7L));
			assertThat(raw.receive()).isInstanceOf(Message.Challenge.class);
			assertThat(raw.closedByNode()).isTrue();
		}
		assertLogged(output, "handshake-timeout");
	}

	@Test
	void hundredsOfIdleConnectionsAtOnce(CapturedOutput output) throws Exception {
		List<RawPeer> idle = new ArrayList<>();
		try {
			for (int i = 0; i < 300; i++) {
				idle.add(attacker());
			}
			// Beyond cluster.transport.max-pending-handshakes they are refused at once, the rest time out.
			for (RawPeer raw : idle) {
				assertThat(raw.closedByNode()).isTrue();
			}
		}
		finally {
			for (RawPeer raw : idle) {
				raw.close();
			}
		}
		assertLogged(output, "max-pending-handshakes");
		await().atMost(DEADLINE).until(() -> this.node.peers().size() == 1);
	}

	@Test
	void aWrongCookie(CapturedOutput output) throws Exception {
		ClusterNode stranger = this.nodes.start(TestNodes.settings(ATTACKER, this.port),
				"not-the-cluster-cookie-0123456789", new StaticPeerDiscovery(Set.of(address("127.0.0.2"))));
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(stranger.peers())
			.anySatisfy((m) -> assertThat(m.state()).isEqualTo(MemberState.REJECTED)));
		assertLogged(output, "does not know this cluster's cookie");
		assertThat(output.getAll()).doesNotContain("not-the-cluster-cookie-0123456789")
			.doesNotContain(TestNodes.COOKIE);
		stranger.close();
	}


	@Test
	void aMarkupNameIsRefused(CapturedOutput output) throws Exception {
		try (RawPeer raw = attacker()) {
			raw.writePreface();
			raw.send(new Message.Hello("<script>alert(1)</script>@x", new byte[32], 4370, 1L));
			assertThat(raw.receive()).isEqualTo(new Message.Reject("invalid-name"));
			assertThat(raw.closedByNode()).isTrue();
		}
		assertLogged(output, "invalid-name");
	}

	@Test
	void aFrameOutOfOrder(CapturedOutput output) throws Exception {
		try (RawPeer raw = attacker()) {
			raw.writePreface();
			raw.send(new Message.Members(List.of()));
			assertThat(raw.closedByNode()).isTrue();
		}
		assertLogged(output, "unexpected Members during the handshake");
	}

	private void assertClosedAfter(byte[] bytes) throws IOException {
		try (RawPeer raw = attacker()) {
			raw.writeRaw(bytes);
			assertThat(raw.closedByNode()).isTrue();
		}
	}

	private RawPeer attacker() throws IOException {
		return RawPeer.connect(ATTACKER, (InetSocketAddress) this.node.boundAddress());
	}

	private static void assertLogged(CapturedOutput output, String text) {
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(output.getAll()).contains(text).contains(ATTACKER));
	}

	private PeerAddress address(String host) {
		return new PeerAddress(host, this.port);
	}

}
