package io.clusterboot.internal.messaging;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.Protocol;
import io.clusterboot.messaging.ClusterMessagingException;
import io.clusterboot.messaging.MessagingFailure;
import io.clusterboot.testsupport.RawPeer;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Nodes of two releases meet: each pair speaks the highest protocol version both know, a node of the
 * previous version is a full member without messaging, and a pair with no version in common is
 * refused with {@code incompatible-version} by whichever side finds out.
 */
class ProtocolVersionTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final Cookie COOKIE = Cookie.of(TestNodes.COOKIE);

	private final TestNodes nodes = new TestNodes();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private ClusterNode node;

	private Messenger messenger;

	@BeforeEach
	void start() throws Exception {
		int port = TestNodes.freePort("127.0.0.2");
		this.node = new ClusterNode(TestNodes.settings("127.0.0.2", port), COOKIE, new StaticPeerDiscovery(Set.of()));
		this.messenger = new Messenger(this.node, new JsonPayloadCodec(new JsonMapper()), this.pool,
				Duration.ofSeconds(10), 64 * 1024);
		this.nodes.adopt(this.node.start());
	}

	@AfterEach
	void close() {
		this.nodes.close();
		this.pool.shutdownNow();
	}

	@Test
	void aNodeOfThePreviousVersionIsAMemberAtThatVersionAndMessagesToItFailAtOnce() throws Exception {
		NodeName old = NodeName.parse("old@127.0.0.20");
		try (RawPeer raw = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
			raw.writeRaw(preface(Protocol.MESSAGING_VERSION - 1));
			assertThat(raw.handshake(hello(old, Protocol.MESSAGING_VERSION - 1, Protocol.MESSAGING_VERSION - 1), COOKIE))
				.isInstanceOf(Message.Accept.class);
			await().atMost(DEADLINE).untilAsserted(() -> assertThat(member(old)).satisfies((m) -> {
				assertThat(m.state()).isEqualTo(MemberState.CONNECTED);
				assertThat(m.protocolVersion()).isEqualTo(Protocol.MESSAGING_VERSION - 1);
			}));
			assertThatExceptionOfType(ClusterMessagingException.class).isThrownBy(() -> this.messenger.send(old, "t", "x"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(MessagingFailure.NOT_SUPPORTED))
				.withMessageContaining("protocol version " + (Protocol.MESSAGING_VERSION - 1));
			assertThat(this.messenger.broadcast("t", "x")).as("nodes a broadcast went to").isZero();
			// Nor may it send what its version does not have.
			raw.send(new Message.Data("t", 1, new byte[] { 'x' }));
			assertThat(raw.closedByNode()).isTrue();
		}
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(member(old).lastError()).isEqualTo(Reason.PROTOCOL_ERROR));
	}

	@Test
	void aNodeOfANewerReleaseThatStillSpeaksThisVersionConnectsAtIt() throws Exception {
		try (RawPeer raw = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
			raw.writeRaw(preface(Protocol.VERSION + 1));
			raw.send(hello(NodeName.parse("new@127.0.0.20"), Protocol.VERSION, Protocol.VERSION + 1));
			assertThat(raw.receive()).isInstanceOfSatisfying(Message.Challenge.class,
					(challenge) -> assertThat(challenge.version()).isEqualTo(Protocol.VERSION));
		}
	}

	@Test
	void aListenerThatChoosesAVersionThisNodeDoesNotSpeakIsRefusedAndShownSo() throws Exception {
		try (ServerSocket listener = new ServerSocket()) {
			listener.bind(new InetSocketAddress("127.0.0.21", 0));
			PeerAddress address = new PeerAddress("127.0.0.21", listener.getLocalPort());
			ClusterNode dialler = this.nodes.start("127.0.0.3", TestNodes.freePort("127.0.0.3"),
					new StaticPeerDiscovery(Set.of(address)));
			try (RawPeer raw = RawPeer.accept(listener)) {
				raw.writeRaw(preface(Protocol.VERSION + 1));
				assertThat(raw.receive()).isInstanceOf(Message.Hello.class);
				raw.send(new Message.Challenge("future@127.0.0.21", RawPeer.nonce(), 1L, Protocol.VERSION + 1, 0));
				assertThat(raw.receive()).isEqualTo(new Message.Reject("incompatible-version"));
			}
			await().atMost(DEADLINE)
				.untilAsserted(() -> assertThat(dialler.peers()).filteredOn((m) -> m.address().equals(address))
					.singleElement()
					.satisfies((m) -> {
						assertThat(m.state()).isEqualTo(MemberState.REJECTED);
						assertThat(m.lastError()).isEqualTo(Reason.INCOMPATIBLE_VERSION);
					}));
		}
	}

	private Member member(NodeName name) {
		return this.node.peers().stream().filter((m) -> name.equals(m.name())).findFirst().orElseThrow();
	}

	private static Message.Hello hello(NodeName name, int minVersion, int maxVersion) {
		return new Message.Hello(name.toString(), RawPeer.nonce(), 4370, 1L, minVersion, maxVersion, 0);
	}

	private static byte[] preface(int version) {
		byte[] preface = Protocol.preface();
		preface[Protocol.MAGIC.length] = (byte) version;
		return preface;
	}

}
