package io.clusterboot.internal.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.clusterboot.Member;
import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.messaging.ClusterMessageContext;
import io.clusterboot.messaging.ClusterMessagingException;
import io.clusterboot.messaging.MessagingFailure;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Send, broadcast and request between three real nodes on 127.0.0.2-4, and every named failure.
 */
class MessagingTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	record Quote(String sku, long cents) {
	}

	private final TestNodes nodes = new TestNodes();

	private final ExecutorService pool = Executors.newFixedThreadPool(4);

	private final Map<String, Messenger> messengers = new ConcurrentHashMap<>();

	private final List<ClusterNode> cluster = new ArrayList<>();

	@BeforeEach
	void startThree() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4");
		Set<PeerAddress> seeds = Set.of(new PeerAddress("127.0.0.2", port));
		for (String host : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
			ClusterNode node = new ClusterNode(TestNodes.settings(host, port),
					io.clusterboot.internal.node.Cookie.of(TestNodes.COOKIE), new StaticPeerDiscovery(seeds));
			this.messengers.put(host, new Messenger(node, new JsonPayloadCodec(new JsonMapper()), this.pool, Duration.ofSeconds(10), 64 * 1024));
			this.nodes.adopt(node.start());
			this.cluster.add(node);
		}
		TestNodes.awaitFullMesh(this.cluster);
	}

	@AfterEach
	void close() {
		this.nodes.close();
		this.pool.shutdownNow();
	}

	@Test
	void aRequestIsAnsweredWithItsListenersReturnValueAsJson() throws Exception {
		messenger("127.0.0.3").register("prices.quote",
				(context, payload) -> new Quote(codec("127.0.0.3").decode(payload, String.class), 1299));
		Quote quote = messenger("127.0.0.2").request(node("127.0.0.3"), "prices.quote", "sku-7", Quote.class)
			.get(30, TimeUnit.SECONDS);
		assertThat(quote).isEqualTo(new Quote("sku-7", 1299));
	}

	@Test
	void aBroadcastReachesEveryConnectedNodeWithItsSender() {
		List<ClusterMessageContext> heard = new CopyOnWriteArrayList<>();
		for (String host : List.of("127.0.0.3", "127.0.0.4")) {
			messenger(host).register("prices.changed", (context, payload) -> heard.add(context));
		}
		assertThat(messenger("127.0.0.2").broadcast("prices.changed", new Quote("sku-1", 5))).isEqualTo(2);
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(heard).hasSize(2)
			.allSatisfy((context) -> assertThat(context.sender()).isEqualTo(node("127.0.0.2"))));
	}

	@Test
	void tenThousandMessagesFromOneSenderArriveInTheOrderSent() {
		List<Integer> received = new CopyOnWriteArrayList<>();
		messenger("127.0.0.3").register("seq",
				(context, payload) -> received.add(codec("127.0.0.3").decode(payload, Integer.class)));
		for (int i = 0; i < 10_000; i++) {
			sendPatiently(i);
		}
		await().atMost(DEADLINE).until(() -> received.size() == 10_000);
		for (int i = 0; i < 10_000; i++) {
			assertThat(received.get(i)).isEqualTo(i);
		}
	}

	@Test
	void aRequestWithoutAListenerFailsAtOnceNamingTheTopic() {
		assertFailure(messenger("127.0.0.2").request(node("127.0.0.3"), "nobody.listens", "x", String.class),
				MessagingFailure.NO_LISTENER, "nobody.listens");
	}

	@Test
	void aListenerThatThrowsFailsTheRequestWithItsClassAndMessage() {
		messenger("127.0.0.3").register("broken", (context, payload) -> {
			throw new IllegalStateException("out of stock");
		});
		assertFailure(messenger("127.0.0.2").request(node("127.0.0.3"), "broken", "x", String.class),
				MessagingFailure.REMOTE_ERROR, "java.lang.IllegalStateException: out of stock");
	}

	@Test
	void aPendingRequestFailsAsSoonAsItsNodeGoesDown() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		messenger("127.0.0.3").register("slow", (context, payload) -> {
			entered.countDown();
			new CountDownLatch(1).await(); // never answers
			return null;
		});
		CompletableFuture<String> pending = messenger("127.0.0.2").request(node("127.0.0.3"), "slow", "x",
				String.class, Duration.ofMinutes(5));
		assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
		this.cluster.get(1).close();
		assertFailure(pending, MessagingFailure.NODE_DOWN, "node@127.0.0.3 went down (left)");
	}

	@Test
	void aPayloadTooLargeFailsAtTheSenderAndKeepsTheConnection() {
		Member before = connectionTo("127.0.0.3");
		assertThatExceptionOfType(ClusterMessagingException.class)
			.isThrownBy(() -> messenger("127.0.0.2").send(node("127.0.0.3"), "big", new byte[64 * 1024]))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(MessagingFailure.PAYLOAD_TOO_LARGE))
			.withMessageContaining("cluster.transport.max-frame-size");
		assertThat(connectionTo("127.0.0.3").since()).isEqualTo(before.since());
	}

	@Test
	void aNodeThatIsNotConnectedFailsAtOnce() {
		NodeName stranger = NodeName.parse("node@127.0.0.99");
		assertThatExceptionOfType(ClusterMessagingException.class)
			.isThrownBy(() -> messenger("127.0.0.2").send(stranger, "t", "x"))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(MessagingFailure.NOT_CONNECTED))
			.withMessageContaining("node@127.0.0.99 is not connected");
		assertFailure(messenger("127.0.0.2").request(stranger, "t", "x", String.class), MessagingFailure.NOT_CONNECTED,
				"not connected");
	}

	@Test
	void anInvalidTopicIsRefused() {
		assertThatExceptionOfType(ClusterMessagingException.class)
			.isThrownBy(() -> messenger("127.0.0.2").send(node("127.0.0.3"), "no spaces", "x"))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(MessagingFailure.INVALID_TOPIC));
	}

	@Test
	void aRequestThatIsNotAnsweredInTimeTimesOut() {
		messenger("127.0.0.3").register("late", (context, payload) -> {
			Thread.sleep(5000);
			return "too late";
		});
		assertFailure(messenger("127.0.0.2").request(node("127.0.0.3"), "late", "x", String.class,
				Duration.ofMillis(200)), MessagingFailure.TIMEOUT, "within 200 ms");
	}

	@Test
	void groupJoinsLeavesAndDownsReachEveryNodeAndPublishReachesTheMembers() {
		List<String> heard = new CopyOnWriteArrayList<>();
		for (String host : List.of("127.0.0.3", "127.0.0.4")) {
			messenger(host).register("room.say", (context, payload) -> heard.add(host));
		}
		messenger("127.0.0.3").groups().join("room-42");
		messenger("127.0.0.4").groups().join("room-42");
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(messenger("127.0.0.2").groups().members("room-42"))
			.containsExactlyInAnyOrder(node("127.0.0.3"), node("127.0.0.4")));
		assertThat(messenger("127.0.0.3").groups().members("room-42")).contains(node("127.0.0.3"));
		assertThat(messenger("127.0.0.2").groups().publish("room-42", "room.say", "hi")).isEqualTo(2);
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(heard).containsExactlyInAnyOrder("127.0.0.3", "127.0.0.4"));

		messenger("127.0.0.4").groups().leave("room-42");
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(messenger("127.0.0.2").groups().members("room-42"))
			.containsExactly(node("127.0.0.3")));
		this.cluster.get(1).close(); // 127.0.0.3 goes down, and so leaves its groups
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(messenger("127.0.0.2").groups().all()).isEmpty());
	}

	@Test
	void metersCountMessagesRequestsByOutcomeAndRefusals() throws Exception {
		io.micrometer.core.instrument.simple.SimpleMeterRegistry sender = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
		io.micrometer.core.instrument.simple.SimpleMeterRegistry receiver = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
		new io.clusterboot.actuate.ClusterMessagingMeterBinder(messenger("127.0.0.2")).bindTo(sender);
		new io.clusterboot.actuate.ClusterMessagingMeterBinder(messenger("127.0.0.3")).bindTo(receiver);
		messenger("127.0.0.3").register("echo", (context, payload) -> codec("127.0.0.3").decode(payload, String.class));
		messenger("127.0.0.2").request(node("127.0.0.3"), "echo", "x", String.class).get(30, TimeUnit.SECONDS);
		messenger("127.0.0.2").request(node("127.0.0.3"), "nobody", "x", String.class).exceptionally((f) -> null)
			.get(30, TimeUnit.SECONDS);
		assertThatExceptionOfType(ClusterMessagingException.class)
			.isThrownBy(() -> messenger("127.0.0.2").send(NodeName.parse("node@127.0.0.99"), "echo", "x"));
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(sender.get("cluster.messaging.requests").tag("topic", "echo").tag("outcome", "success").timer()
				.count()).isEqualTo(1);
			assertThat(sender.get("cluster.messaging.requests").tag("outcome", "no-listener").timer().count())
				.isEqualTo(1);
			assertThat(sender.get("cluster.messaging.refused").tag("reason", "not-connected").counter().count())
				.isEqualTo(1);
			assertThat(sender.get("cluster.messages.sent").tag("topic", "echo").counter().count()).isEqualTo(1);
			assertThat(receiver.get("cluster.messages.received").tag("topic", "echo").counter().count()).isEqualTo(1);
			// A topic no listener knows is never a tag on the receiver.
			assertThat(receiver.find("cluster.messages.received").tag("topic", "nobody").counter()).isNull();
		});
	}

	@Test
	void aSaturatedLinkKeepsItsHeartbeatsAndItsListenerCatchesUp() throws Exception {
		List<io.clusterboot.NodeDownEvent> downs = new CopyOnWriteArrayList<>();
		for (ClusterNode node : this.cluster) {
			node.addListener(new io.clusterboot.ClusterListener() {
				@Override
				public void nodeDown(io.clusterboot.NodeDownEvent event) {
					downs.add(event);
				}
			});
		}
		java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
		messenger("127.0.0.3").register("bulk", (context, payload) -> {
			Thread.sleep(2); // slower than the sender: the receiver stops reading, TCP pushes back
			return handled.incrementAndGet();
		});
		byte[] chunk = new byte[60 * 1024];
		int sent = 0;
		int refused = 0;
		// Flat out for longer than the heartbeat timeout (4 s here), bounded in time.
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
		while (System.nanoTime() < until) {
			try {
				messenger("127.0.0.2").send(node("127.0.0.3"), "bulk", chunk);
				sent++;
			}
			catch (ClusterMessagingException ex) {
				assertThat(ex.failure()).isEqualTo(MessagingFailure.SATURATED);
				refused++;
				Thread.sleep(1);
			}
		}
		assertThat(refused).as("the link was saturated").isPositive();
		// Memory stays bounded: what is written but not yet handled fits in the write buffer, the
		// kernel's socket buffers and the receiver's 4 MiB of waiting messages, a few hundred chunks.
		assertThat(sent - handled.get()).as("chunks in flight at the end").isLessThan(1000);
		int expected = sent;
		await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() == expected);
		assertThat(downs).isEmpty();
	}

	private void sendPatiently(int i) {
		while (true) {
			try {
				messenger("127.0.0.2").send(node("127.0.0.3"), "seq", i);
				return;
			}
			catch (ClusterMessagingException ex) {
				// A saturated connection refuses rather than queueing; the sender waits and tries again.
				assertThat(ex.failure()).isEqualTo(MessagingFailure.SATURATED);
				Thread.onSpinWait();
			}
		}
	}

	private static void assertFailure(CompletableFuture<?> future, MessagingFailure failure, String text) {
		await().atMost(DEADLINE).until(future::isDone);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get)
			.havingCause()
			.isInstanceOfSatisfying(ClusterMessagingException.class,
					(ex) -> assertThat(ex.failure()).isEqualTo(failure))
			.withMessageContaining(text);
	}

	private Member connectionTo(String host) {
		return this.cluster.get(0)
			.connectedMembers()
			.stream()
			.filter((m) -> m.name().equals(node(host)))
			.findFirst()
			.orElseThrow();
	}

	private Messenger messenger(String host) {
		return this.messengers.get(host);
	}

	private PayloadCodec codec(String host) {
		return messenger(host).codec();
	}

	private static NodeName node(String host) {
		return NodeName.parse("node@" + host);
	}

}
