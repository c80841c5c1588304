package io.clusterboot.internal.messaging;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import io.clusterboot.MemberState;
import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.testsupport.RawPeer;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that knows the cookie, and so gets every frame through the tag check, sends messaging frames
 * no node would write. The node closes that one connection as a protocol error, never hands the
 * garbage to a listener, and goes on serving its other peer.
 */
class GarbageMessageFrameTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final String RAW = "raw@127.0.0.20";

	private final TestNodes nodes = new TestNodes();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final AtomicInteger heard = new AtomicInteger();

	private ClusterNode target;

	private Messenger targetMessenger;

	private Messenger bystanderMessenger;

	@BeforeEach
	void startTwo() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3");
		this.target = node("127.0.0.2", port, Set.of());
		ClusterNode bystander = node("127.0.0.3", port, Set.of(new PeerAddress("127.0.0.2", port)));
		this.targetMessenger = messenger(this.target);
		this.bystanderMessenger = messenger(bystander);
		this.targetMessenger.register("t", (context, payload) -> this.heard.incrementAndGet() + " heard");
		this.target.start();
		bystander.start();
		TestNodes.awaitFullMesh(List.of(this.target, bystander));
	}

	@AfterEach
	void close() {
		this.nodes.close();
		this.pool.shutdownNow();
	}

	static Stream<Arguments> garbage() throws IOException {
		return Stream.of(Arguments.of("a message whose topic runs past the frame", frame(10, (out) -> {
			out.writeShort(200);
			out.write("t".getBytes(StandardCharsets.US_ASCII));
		})), Arguments.of("a message whose payload is longer than the frame", frame(10, (out) -> {
			topic(out, "t");
			out.writeByte(0);
			out.writeInt(1_000_000);
			out.write(new byte[8]);
		})), Arguments.of("a message of an unknown payload kind", frame(10, (out) -> {
			topic(out, "t");
			out.writeByte(77);
			out.writeInt(2);
			out.write(new byte[2]);
		})), Arguments.of("a request cut after its id", frame(11, (out) -> out.writeLong(7))),
				Arguments.of("a reply of an unknown status", frame(12, (out) -> {
					out.writeLong(7);
					out.writeByte(9);
					out.writeByte(0);
					out.writeInt(0);
				})), Arguments.of("a frame of a type nobody defined", frame(200, (out) -> out.writeLong(1))),
				Arguments.of("a group list of 70,000 names", frame(13, (out) -> out.writeShort(65_535))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("garbage")
	void closesThatConnectionAsAProtocolErrorAndServesTheOthers(String what, byte[] frame) throws Exception {
		try (RawPeer raw = RawPeer.connect("127.0.0.20", this.target.boundAddress())) {
			assertThat(raw.handshake(RAW, 1L, Cookie.of(TestNodes.COOKIE))).isInstanceOf(Message.Accept.class);
			raw.sendFrame(frame);
			assertThat(raw.closedByNode()).as("closed by the node").isTrue();
		}
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(this.target.peers()).filteredOn((m) -> NodeName.parse(RAW).equals(m.name()))
				.singleElement()
				.satisfies((m) -> {
					assertThat(m.state()).isEqualTo(MemberState.DOWN);
					assertThat(m.lastError()).isEqualTo(Reason.PROTOCOL_ERROR);
				}));
		assertThat(this.heard).as("listener calls").hasValue(0);
		String answer = this.bystanderMessenger.request(this.target.self(), "t", "hello", String.class)
			.get(30, TimeUnit.SECONDS);
		assertThat(answer).isEqualTo("1 heard");
	}

	private ClusterNode node(String host, int port, Set<PeerAddress> seeds) throws Exception {
		ClusterNode node = new ClusterNode(TestNodes.settings(host, port), Cookie.of(TestNodes.COOKIE),
				new StaticPeerDiscovery(seeds));
		this.nodes.adopt(node);
		return node;
	}

	private Messenger messenger(ClusterNode node) {
		return new Messenger(node, new JsonPayloadCodec(new JsonMapper()), this.pool, Duration.ofSeconds(10),
				64 * 1024);
	}

	private static void topic(DataOutputStream out, String topic) throws IOException {
		byte[] bytes = topic.getBytes(StandardCharsets.US_ASCII);
		out.writeShort(bytes.length);
		out.write(bytes);
	}

	private static byte[] frame(int type, Body body) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeByte(type);
		body.write(out);
		return bytes.toByteArray();
	}

	@FunctionalInterface
	private interface Body {

		void write(DataOutputStream out) throws IOException;

	}

}
