package io.clusterboot.internal.transport;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.Reason;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.testsupport.RawPeer;
import io.clusterboot.testsupport.TestNodes;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.handshake.HandshakeProofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mutual challenge-response handshake, against running nodes.
 */
class HandshakeTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final TestNodes nodes = new TestNodes();

	private final int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.9");

	private final HandshakeProofs proofs = new HandshakeProofs(Cookie.of(TestNodes.COOKIE));

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void nodesWithTheSameCookieConnect() throws Exception {
		ClusterNode a = this.nodes.start("127.0.0.2", this.port, Set.of(address("127.0.0.3")));
		ClusterNode b = this.nodes.start("127.0.0.3", this.port, Set.of());
		await().atMost(DEADLINE).until(() -> a.connectedMembers().size() == 1 && b.connectedMembers().size() == 1);
		assertThat(a.connectedMembers().get(0).name()).isEqualTo(b.self());
		assertThat(b.connectedMembers().get(0).name()).isEqualTo(a.self());
	}

	@Test
	void aWrongCookieIsRejectedWhicheverSideDials() throws Exception {
		ClusterNode right = this.nodes.start("127.0.0.2", this.port, Set.of());
		ClusterNode wrongDialler = this.nodes.start(TestNodes.settings("127.0.0.3", this.port),
				"another-cookie-0123456789-abcdef", new StaticPeerDiscovery(Set.of(address("127.0.0.2"))));
		ClusterNode rightDialler = this.nodes.start(TestNodes.settings("127.0.0.4", this.port), TestNodes.COOKIE,
				new StaticPeerDiscovery(Set.of(address("127.0.0.5"))));
		this.nodes.start(TestNodes.settings("127.0.0.5", this.port), "another-cookie-0123456789-abcdef",
				new StaticPeerDiscovery(Set.of()));

		await().atMost(DEADLINE).untilAsserted(() -> {
			assertRejectedWithBadCookie(wrongDialler, address("127.0.0.2"));
			assertRejectedWithBadCookie(rightDialler, address("127.0.0.5"));
		});
		assertThat(right.connectedMembers()).isEmpty();
		assertThat(right.handshakeFailures(Reason.BAD_COOKIE)).isPositive();
	}

	@Test
	void aRecordedProofReplayedOnANewConnectionIsRejected() throws Exception {
		ClusterNode node = this.nodes.start("127.0.0.2", this.port, Set.of());
		InetSocketAddress target = node.boundAddress();
		byte[] dialerNonce = new byte[32];
		byte[] recorded;
		try (RawPeer first = RawPeer.connect("127.0.0.9", target)) {
			first.writePreface();
			Message.Hello hello = new Message.Hello("raw@127.0.0.9", dialerNonce, 4370, 1L);
			first.send(hello);
			Message.Challenge challenge = (Message.Challenge) first.receive();
			recorded = this.proofs.dialerProof(hello, challenge);
			first.send(new Message.Proof(recorded));
			assertThat(first.receive()).isInstanceOf(Message.Accept.class);
		}
		await().atMost(DEADLINE).until(() -> node.connectedMembers().isEmpty());

		try (RawPeer replay = RawPeer.connect("127.0.0.9", target)) {
			replay.writePreface();
			replay.send(new Message.Hello("raw@127.0.0.9", dialerNonce, 4370, 1L));
			assertThat(replay.receive()).isInstanceOf(Message.Challenge.class);
			replay.send(new Message.Proof(recorded));
			assertThat(replay.receive()).isEqualTo(new Message.Reject("bad-cookie"));
			assertThat(replay.closedByNode()).isTrue();
		}
		assertThat(node.connectedMembers()).isEmpty();
	}

	@Test
	void aListenerProofReflectedAsTheDiallersProofIsRejected() throws Exception {
		ClusterNode node = this.nodes.start("127.0.0.2", this.port, Set.of());
		try (RawPeer attacker = RawPeer.connect("127.0.0.9", node.boundAddress())) {
			byte[] dialerNonce = new byte[32];
			attacker.writePreface();
			Message.Hello hello = new Message.Hello("raw@127.0.0.9", dialerNonce, 4370, 1L);
			attacker.send(hello);
			Message.Challenge challenge = (Message.Challenge) attacker.receive();
			// The value the listener's ACCEPT carries for exactly this exchange, offered as PROOF.
			byte[] reflected = this.proofs.listenerProof(hello, challenge);
			attacker.send(new Message.Proof(reflected));
			assertThat(attacker.receive()).isEqualTo(new Message.Reject("bad-cookie"));
			assertThat(attacker.closedByNode()).isTrue();
		}
		assertThat(node.connectedMembers()).isEmpty();
	}

	@Test
	void aDiallerDoesNotAcceptItsOwnProofReflectedAsTheListenersProof() throws Exception {
		try (ServerSocket fake = new ServerSocket()) {
			fake.bind(new InetSocketAddress("127.0.0.9", this.port));
			ClusterNode node = this.nodes.start("127.0.0.2", this.port, Set.of(address("127.0.0.9")));
			try (RawPeer listener = RawPeer.accept(fake)) {
				Message.Hello hello = (Message.Hello) listener.receive();
				listener.writePreface();
				listener.send(new Message.Challenge("fake@127.0.0.9", new byte[32], 5L));
				Message.Proof proof = (Message.Proof) listener.receive();
				listener.send(new Message.Accept(proof.mac()));
				assertThat(listener.closedByNode()).isTrue();
				assertThat(hello.name()).isEqualTo(node.self().toString());
			}
			await().atMost(DEADLINE).untilAsserted(() -> assertRejectedWithBadCookie(node, address("127.0.0.9")));
			assertThat(node.connectedMembers()).isEmpty();
		}
	}

	private static void assertRejectedWithBadCookie(ClusterNode node, PeerAddress address) {
		Member member = node.peers().stream().filter((m) -> m.address().equals(address)).findFirst().orElseThrow();
		assertThat(member.state()).isEqualTo(MemberState.REJECTED);
		assertThat(member.lastError()).isEqualTo(Reason.BAD_COOKIE);
	}

	private PeerAddress address(String host) {
		return new PeerAddress(host, this.port);
	}

}
