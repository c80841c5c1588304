package io.clusterboot.internal.membership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.transport.handshake.HandshakeFailedException;
import io.clusterboot.internal.transport.TestConnections;
import io.clusterboot.internal.transport.TransportSettings;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
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

	// A dial fails, then the peer dials us: the failed target's retry time passes while it is connected.
	// The redial timer is set to nextDue() after every membership task; a due time that dialDue()
	// skips would fire the timer again at once, for as long as the connection lasts (a node found
	// spinning a core this way after a cold start).
	@Test
	void aPeerThatConnectedAfterAFailedDialIsNotDueForARedial() {
		NodeName peer = new NodeName("node", "127.0.0.3");
		PeerAddress peerAddress = new PeerAddress("127.0.0.3", 4370);
		AtomicInteger dials = new AtomicInteger();
		Instant[] now = { Instant.parse("2026-12-04T00:00:00Z") };
		Clock clock = clock(now);
		Membership membership = new Membership(new NodeName("node", "127.0.0.2"), new PeerAddress("127.0.0.2", 4370),
				1, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(3)), (address) -> {
					dials.incrementAndGet();
					return CompletableFuture.failedFuture(new HandshakeFailedException(Reason.UNREACHABLE, "refused"));
				}, Runnable::run, (event) -> {
				}, clock, new ConcurrentHashMap<>(), ClusterObserver.NONE);
		membership.discovered(Set.of(peerAddress));
		assertThat(dials).hasValue(1);
		assertThat(membership.nextDue()).as("the retry of the failed dial").isAfter(now[0]);
		membership.connected(TestConnections.connection(peer, 1, false, peerAddress));
		now[0] = now[0].plusSeconds(10);
		assertThat(membership.nextDue()).as("due time while connected by the peer's dial").isNull();
		membership.dialDue();
		assertThat(dials).as("dials while connected").hasValue(1);
	}

	// The same spin while the node says goodbye: dialDue dials nobody once it is leaving.
	@Test
	void nothingIsDueForARedialOnceTheNodeIsLeaving() {
		Instant[] now = { Instant.parse("2026-12-04T00:00:00Z") };
		Membership membership = new Membership(new NodeName("node", "127.0.0.2"), new PeerAddress("127.0.0.2", 4370),
				1, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(3)),
				(address) -> CompletableFuture
					.failedFuture(new HandshakeFailedException(Reason.UNREACHABLE, "refused")),
				Runnable::run, (event) -> {
				}, clock(now), new ConcurrentHashMap<>(), ClusterObserver.NONE);
		membership.discovered(Set.of(new PeerAddress("127.0.0.3", 4370)));
		assertThat(membership.nextDue()).isNotNull();
		membership.leave();
		now[0] = now[0].plusSeconds(10);
		assertThat(membership.nextDue()).isNull();
	}

	private static Clock clock(Instant[] now) {
		return new Clock() {
			@Override
			public Instant instant() {
				return now[0];
			}

			@Override
			public java.time.ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}
		};
	}

}
