package io.clusterboot.internal.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.transport.PeerConnection;
import io.clusterboot.internal.transport.TestConnections;
import io.clusterboot.internal.transport.codec.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node-ups that arrive in a burst, as when a cold cluster forms, send the member list once, after the
 * burst, to every peer, and it lists them all; not once per node-up to every peer connected so far.
 */
class MemberListBurstTests {

	@Test
	void aBurstOfNodeUpsSendsOneCompleteMemberListToEachPeer() {
		Queue<Runnable> membershipThread = new ArrayDeque<>();
		Membership membership = new Membership(new NodeName("node", "127.0.0.2"), new PeerAddress("127.0.0.2", 4370), 1,
				new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(3)), (address) -> new CompletableFuture<>(),
				membershipThread::add, (event) -> {
				}, Clock.systemUTC(), new ConcurrentHashMap<>(), ClusterObserver.NONE);
		List<PeerConnection> peers = new ArrayList<>();
		for (int i = 3; i <= 6; i++) {
			PeerConnection peer = TestConnections.connection(new NodeName("node", "127.0.0." + i), 1, false,
					new PeerAddress("127.0.0." + i, 4370));
			peers.add(peer);
			membershipThread.add(() -> membership.connected(peer));
		}
		for (Runnable task = membershipThread.poll(); task != null; task = membershipThread.poll()) {
			task.run();
		}
		for (PeerConnection peer : peers) {
			assertThat(TestConnections.written(peer)).as("sent to %s", peer.name())
				.singleElement()
				.isInstanceOfSatisfying(Message.Members.class, (list) -> assertThat(list.members()).hasSize(4));
		}
	}

}
