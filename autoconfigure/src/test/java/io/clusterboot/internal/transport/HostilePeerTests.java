package io.clusterboot.internal.transport;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.actuate.ClusterMeterBinder;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.testsupport.RawPeer;
import io.clusterboot.testsupport.TestNodes;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.Protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What strangers and misbehaving peers can do to a node (127.0.0.2) that serves a peer (127.0.0.3):
 * floods, held connections, bad member lists, surplus connections. After each, the node still
 * serves its peer on the same connection, with no node-down event.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostilePeerTests {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final Cookie COOKIE = Cookie.of(TestNodes.COOKIE);

	private final TestNodes nodes = new TestNodes();

	private final List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();

	private ClusterNode node;

	private ClusterNode peer;

	private Member peerBefore;

	private int port;

	@BeforeEach
	void startPair() throws Exception {
		this.port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4");
		this.node = this.nodes.start("127.0.0.2", this.port,
				new StaticPeerDiscovery(Set.of(new PeerAddress("127.0.0.3", this.port))));
		this.peer = this.nodes.start("127.0.0.3", this.port, new StaticPeerDiscovery(Set.of()));
		await().atMost(DEADLINE).until(() -> this.node.connectedMembers().size() == 1);
		this.peerBefore = this.node.connectedMembers().get(0);
		ClusterListener recorder = new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				// Only the pair matters: a raw peer that stops answering heartbeats goes down, rightly.
				if (Set.of(HostilePeerTests.this.node.self(), HostilePeerTests.this.peer.self())
					.contains(event.member().name())) {
					HostilePeerTests.this.downs.add(event);
				}
			}
		};
		this.node.addListener(recorder);
		this.peer.addListener(recorder);
	}

	@AfterEach
	void stillServesItsPeer() {
		try {
			assertThat(this.downs).isEmpty();
			Member now = this.node.peers()
				.stream()
				.filter((m) -> this.peer.self().equals(m.name()))
				.findFirst()
				.orElseThrow();
			assertThat(now.state()).isEqualTo(MemberState.CONNECTED);
			assertThat(now.since()).as("same connection as before").isEqualTo(this.peerBefore.since());
		}
		finally {
			this.nodes.close();
		}
	}

	@Test
	void aRejectFloodOfTwentyThousandDistinctReasonsLeavesMetersLogsAndHeapBounded(CapturedOutput output)
			throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (ClusterMeterBinder binder = new ClusterMeterBinder(this.node)) {
			binder.bindTo(registry);
			int metersBefore = registry.getMeters().size();
			long heapBefore = usedHeapAfterGc();
			int connections = 20_000;
			int sources = 4;
			ExecutorService clients = Executors.newFixedThreadPool(sources);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int s = 0; s < sources; s++) {
					String from = "127.0.0." + (20 + s);
					int first = s * (connections / sources);
					done.add(clients.submit(() -> {
						for (int i = first; i < first + connections / sources; i++) {
							try (RawPeer raw = RawPeer.connect(from, this.node.boundAddress())) {
								raw.writePreface();
								raw.send(new Message.Reject("made-up-reason-" + i));
								raw.closedByNode();
							}
						}
						return null;
					}));
				}
				for (Future<?> client : done) {
					client.get();
				}
			}
			finally {
				clients.shutdownNow();
			}
			await().atMost(DEADLINE).untilAsserted(() -> assertThat(failures()).containsEntry(Reason.OTHER, (long) connections));
			await().atMost(DEADLINE)
				.until(() -> registry.find("cluster.handshake.failures").tag("reason", "other").functionCounter() != null);

			// Every made-up reason is "other": one counter, not twenty thousand.
			assertThat(registry.getMeters().size() - metersBefore).isLessThanOrEqualTo(Reason.values().length);
			assertThat(registry.get("cluster.handshake.failures").tag("reason", "other").functionCounter().count())
				.isEqualTo(connections);
			// One line per reason and interval, whatever the number of reasons and sources.
			assertThat(count(output.getAll(), "Inbound handshake from")).isBetween(1, 4);
			assertThat(output.getAll()).doesNotContain("made-up-reason-");
			// Nothing per connection stays behind (the flood used to keep several KiB a reason).
			long grown = usedHeapAfterGc() - heapBefore;
			assertThat(grown).as("heap growth in bytes").isLessThan(16L * 1024 * 1024);
			assertThat(this.node.pendingHandshakes()).isZero();
		}
	}

	@Test
	void connectionsHeldOpenFromTenSourcesDoNotKeepANodeFromAnotherSourceOut() throws Exception {
		// A handshake timeout longer than the test, so that only eviction can free a held slot.
		int port = TestNodes.freePort("127.0.0.5", "127.0.0.4");
		ClusterNode target = this.nodes.start(new ClusterSettings("node", "127.0.0.5", false,
				new TransportSettings("127.0.0.5", port, port, 1024 * 1024, Duration.ofMinutes(5),
						Duration.ofMillis(250), Duration.ofSeconds(4), 64, 8, 1),
				Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(1)), TestNodes.COOKIE,
				new StaticPeerDiscovery(Set.of()));
		AtomicBoolean attacking = new AtomicBoolean(true);
		List<RawPeer> held = new CopyOnWriteArrayList<>();
		ExecutorService attackers = Executors.newFixedThreadPool(10);
		try {
			for (int s = 0; s < 10; s++) {
				String from = "127.0.0." + (20 + s);
				// Each source keeps ten connections open, opening a new one as soon as one closes: more
				// than max-pending-handshakes (64) in all, more than the per-source limit (8) each.
				attackers.submit(() -> {
					List<RawPeer> mine = new ArrayList<>();
					while (attacking.get()) {
						for (RawPeer raw : List.copyOf(mine)) {
							if (raw.closedByNode()) {
								mine.remove(raw);
								held.remove(raw);
								raw.close();
							}
						}
						while (mine.size() < 10 && attacking.get()) {
							RawPeer raw = RawPeer.connect(from, target.boundAddress());
							raw.setReadTimeout(1);
							mine.add(raw);
							held.add(raw);
						}
						Thread.sleep(20);
					}
					return null;
				});
			}
			await().atMost(DEADLINE).until(() -> target.pendingHandshakes() == 64);

			ClusterNode newcomer = this.nodes.start("127.0.0.4", port,
					new StaticPeerDiscovery(Set.of(new PeerAddress("127.0.0.5", port))));
			await().atMost(DEADLINE)
				.untilAsserted(() -> assertThat(TestNodes.connectedNames(newcomer)).contains(target.self()));
			assertThat(target.handshakeFailures(Reason.BUSY)).isPositive();
		}
		finally {
			attacking.set(false);
			attackers.shutdown();
			attackers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
			for (RawPeer raw : held) {
				raw.close();
			}
		}
	}

	@Test
	void aConnectionOverThePerSourceLimitIsToldBusy(CapturedOutput output) throws Exception {
		List<RawPeer> held = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				held.add(RawPeer.connect("127.0.0.20", this.node.boundAddress()));
			}
			await().atMost(DEADLINE).until(() -> this.node.pendingHandshakes() == 8);
			try (RawPeer ninth = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
				assertThat(ninth.receive()).isEqualTo(new Message.Reject("busy"));
				assertThat(ninth.closedByNode()).isTrue();
			}
			// Another source is still let in.
			try (RawPeer other = RawPeer.connect("127.0.0.21", this.node.boundAddress())) {
				assertThat(other.handshake("other@127.0.0.21", 1L, COOKIE)).isInstanceOf(Message.Accept.class);
			}
		}
		finally {
			for (RawPeer raw : held) {
				raw.close();
			}
		}
		assertThat(output.getAll()).contains("Refused a connection from 127.0.0.20")
			.contains("cluster.transport.max-pending-handshakes-per-source");
	}

	@Test
	void aMemberListWithBadEntriesIsFilteredAndDiallingGoesOn(CapturedOutput output) throws Exception {
		ClusterNode third = this.nodes.start("127.0.0.4", this.port, new StaticPeerDiscovery(Set.of()));
		try (RawPeer raw = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
			assertThat(raw.handshake("gossip@127.0.0.20", 1L, COOKIE)).isInstanceOf(Message.Accept.class);
			raw.send(new Message.Members(List.of(new Message.Members.Entry("blank@host", "", this.port, 1L),
					new Message.Members.Entry("forged@host", "127.0.0.40\nINFO Node up: forged", this.port, 2L),
					new Message.Members.Entry("zero@host", "127.0.0.30", 0, 3L),
					new Message.Members.Entry(third.self().toString(), "127.0.0.4", this.port, 4L))));
			await().atMost(DEADLINE)
				.untilAsserted(() -> assertThat(TestNodes.connectedNames(this.node)).contains(third.self()));
		}
		assertThat(output.getAll()).contains("Ignoring part of the member list from gossip@127.0.0.20: 3 invalid entries")
			.doesNotContain("\nINFO Node up: forged");
	}

	@Test
	void aThirdConnectionUnderOneNameIsClosedNotOrphaned() throws Exception {
		List<RawPeer> raws = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				RawPeer raw = RawPeer.connect("127.0.0.20", this.node.boundAddress());
				raws.add(raw);
				assertThat(raw.handshake("twin@127.0.0.20", 42L, COOKIE)).isInstanceOf(Message.Accept.class);
			}
			assertThat(raws.get(2).closedByNode()).as("the third connection is closed").isTrue();
			// ...at once, not by the heartbeat timeout that ends all three (this raw peer never answers
			// pings): the first two are still open.
			for (RawPeer kept : raws.subList(0, 2)) {
				kept.setReadTimeout(1);
				assertThat(kept.closedByNode()).as("a kept connection is closed").isFalse();
			}
			assertThat(this.node.openConnections()).isEqualTo(3); // the peer's and two of twin's
		}
		finally {
			for (RawPeer raw : raws) {
				raw.close();
			}
		}
	}

	@Test
	void aStrangerClaimingAConnectedNameLearnsNothing(CapturedOutput output) throws Exception {
		String taken = this.peer.self().toString();
		try (RawPeer stranger = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
			Message answer = stranger.handshake(taken, 12345L, Cookie.of("not-the-cluster-cookie-0123456789"));
			assertThat(answer).isEqualTo(new Message.Reject("bad-cookie"));
		}
		assertThat(output.getAll()).doesNotContain("duplicate-name");
	}

	@Test
	void aRestartedNodeTakesOverAtOnceAndTheProcessItReplacedIsRefused(CapturedOutput output) throws Exception {
		List<NodeDownEvent> twinDowns = new CopyOnWriteArrayList<>();
		this.node.addListener(new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				twinDowns.add(event);
			}
		});
		try (RawPeer first = RawPeer.connect("127.0.0.20", this.node.boundAddress());
				RawPeer restarted = RawPeer.connect("127.0.0.20", this.node.boundAddress());
				RawPeer firstAgain = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
			assertThat(first.handshake("twin@127.0.0.20", 1L, COOKIE)).isInstanceOf(Message.Accept.class);
			await().atMost(DEADLINE).until(() -> this.node.connection(NodeName.parse("twin@127.0.0.20")).isPresent());
			assertThat(restarted.handshake("twin@127.0.0.20", 2L, COOKIE)).isInstanceOf(Message.Accept.class);
			// The old connection is closed at once, not by the heartbeat timeout that would end both.
			assertThat(first.closedByNode()).isTrue();
			restarted.setReadTimeout(1);
			assertThat(restarted.closedByNode()).as("the new incarnation is closed").isFalse();
			await().atMost(DEADLINE).untilAsserted(() -> assertThat(twinDowns).extracting(NodeDownEvent::reason)
				.containsExactly(Reason.REPLACED));
			// The replaced process is alive after all: two processes claim one name.
			firstAgain.setReadTimeout(15000);
			assertThat(firstAgain.handshake("twin@127.0.0.20", 1L, COOKIE))
				.isEqualTo(new Message.Reject("duplicate-name"));
		}
		assertThat(output.getAll()).contains("Node restarted: twin@127.0.0.20");
	}

	@Test
	void aPeerOlderThanEveryVersionThisNodeSpeaksIsToldWhyByItsPreface() throws Exception {
		try (RawPeer raw = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
			byte[] preface = Protocol.preface();
			preface[Protocol.MAGIC.length] = (byte) (Protocol.MIN_VERSION - 1);
			raw.writeRaw(preface);
			assertThat(raw.receive()).isEqualTo(new Message.Reject("incompatible-version"));
		}
	}

	@Test
	void aDiallerWithNoVersionInCommonIsToldWhy(CapturedOutput output) throws Exception {
		try (RawPeer raw = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
			raw.writePreface();
			raw.send(new Message.Hello("future@127.0.0.20", new byte[32], 4370, 1L, Protocol.VERSION + 1,
					Protocol.VERSION + 2, 0));
			assertThat(raw.receive()).isEqualTo(new Message.Reject("incompatible-version"));
		}
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(output.getAll()).contains("the dialer speaks versions "
					+ (Protocol.VERSION + 1) + " to " + (Protocol.VERSION + 2) + ", this node " + Protocol.MIN_VERSION
					+ " to " + Protocol.VERSION));
	}

	@Test
	void aConnectedPeersConnectionIsFoundByNameForSenders() {
		assertThat(this.node.connection(this.peer.self())).hasValueSatisfying((connection) -> {
			assertThat(connection.name()).isEqualTo(this.peer.self());
			assertThat(connection.version()).isEqualTo(Protocol.VERSION);
		});
		assertThat(this.node.connection(io.clusterboot.NodeName.parse("nobody@127.0.0.99"))).isEmpty();
	}

	@Test
	void anAddressWhosePeerSaysSelfIsDialledAgain() throws Exception {
		try (ServerSocket fake = new ServerSocket()) {
			fake.bind(new InetSocketAddress("127.0.0.31", this.port));
			fake.setSoTimeout((int) DEADLINE.toMillis());
			ClusterNode dialler = this.nodes.start("127.0.0.4", this.port,
					new StaticPeerDiscovery(Set.of(new PeerAddress("127.0.0.31", this.port))));
			for (int dial = 0; dial < 2; dial++) {
				try (RawPeer listener = RawPeer.accept(fake)) {
					assertThat(listener.receive()).isInstanceOf(Message.Hello.class);
					listener.writePreface();
					listener.send(new Message.Reject("self"));
					assertThat(listener.closedByNode()).isTrue();
				}
			}
			await().atMost(DEADLINE).until(() -> dialler.connectionAttempts().getOrDefault("self", 0L) >= 2);
		}
	}

	private java.util.Map<Reason, Long> failures() {
		java.util.Map<Reason, Long> counts = new java.util.EnumMap<>(Reason.class);
		for (Reason reason : Reason.values()) {
			if (this.node.handshakeFailures(reason) > 0) {
				counts.put(reason, this.node.handshakeFailures(reason));
			}
		}
		return counts;
	}

	@Test
	void aStrangerClaimingTheDiallersOwnNameIsNotTakenForItsOwnListener() throws Exception {
		try (ServerSocket fake = new ServerSocket()) {
			fake.bind(new InetSocketAddress("127.0.0.32", this.port));
			fake.setSoTimeout((int) DEADLINE.toMillis());
			ClusterNode dialler = this.nodes.start("127.0.0.4", this.port,
					new StaticPeerDiscovery(Set.of(new PeerAddress("127.0.0.32", this.port))));
			for (int dial = 0; dial < 2; dial++) {
				try (RawPeer listener = RawPeer.accept(fake)) {
					Message.Hello hello = (Message.Hello) listener.receive();
					listener.writePreface();
					// The dialler's own name and incarnation, read from its HELLO, without the cookie.
					listener.send(new Message.Challenge(hello.name(), new byte[32], hello.incarnation()));
					Message answer = listener.receive();
					assertThat(answer).as("a proof, not a refusal that would tell who is connected")
						.isInstanceOf(Message.Proof.class);
				}
			}
			assertThat(dialler.connectionAttempts()).doesNotContainKey("self");
		}
	}

	@Test
	void aRelayThatRewritesAnIncarnationBreaksTheProofInsteadOfTakingOver() throws Exception {
		// The dialler's HELLO with another incarnation: the listener's proof no longer matches what the
		// dialler sent, so a relay cannot make a node replace a healthy connection.
		try (RawPeer raw = RawPeer.connect("127.0.0.20", this.node.boundAddress())) {
			byte[] nonce = new byte[32];
			Message.Hello sent = new Message.Hello("relayed@127.0.0.20", nonce, 4370, 1L);
			raw.writePreface();
			raw.send(new Message.Hello("relayed@127.0.0.20", nonce, 4370, 2L)); // rewritten on the way
			Message.Challenge challenge = (Message.Challenge) raw.receive();
			raw.send(new Message.Proof(new io.clusterboot.internal.transport.handshake.HandshakeProofs(COOKIE)
				.dialerProof(sent, challenge)));
			assertThat(raw.receive()).isEqualTo(new Message.Reject("bad-cookie"));
		}
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static int count(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
			count++;
		}
		return count;
	}

}
