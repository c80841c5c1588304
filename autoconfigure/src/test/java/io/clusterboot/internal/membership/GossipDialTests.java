package io.clusterboot.internal.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.transport.PeerConnection;
import io.clusterboot.internal.transport.TestConnections;
import io.clusterboot.internal.transport.codec.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a member list from a peer makes this node dial. A node connected already, by whatever address,
 * is not dialled again at the address another peer knows it by: that second connection would only be
 * settled away, and could replace a healthy one. A new process under that name is.
 */
class GossipDialTests {

	private static final NodeName SELF = new NodeName("node", "127.0.0.2");

	private static final NodeName PEER = new NodeName("node", "127.0.0.3");

	private static final NodeName GOSSIPER = new NodeName("node", "127.0.0.4");

	private static final PeerAddress PEER_VIA_PROXY = new PeerAddress("127.0.0.30", 4370);

	private static final PeerAddress PEER_DIRECT = new PeerAddress("127.0.0.3", 4370);

	private final List<PeerAddress> dialled = new CopyOnWriteArrayList<>();

	private final Membership membership = new Membership(SELF, new PeerAddress("127.0.0.2", 4370), 1,
			new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)), (address) -> {
				this.dialled.add(address);
				return new CompletableFuture<>();
			}, Runnable::run, (event) -> {
			}, Clock.systemUTC(), new ConcurrentHashMap<>(), ClusterObserver.NONE);

	@Test
	void aConnectedNodeIsNotDialledAtTheAddressAnotherPeerKnowsItBy() {
		this.membership.connected(TestConnections.connection(PEER, 7, true, PEER_VIA_PROXY));
		PeerConnection gossiper = TestConnections.connection(GOSSIPER, 1, true, new PeerAddress("127.0.0.4", 4370));
		this.membership.connected(gossiper);
		this.membership.gossip(gossiper, members(7));
		assertThat(this.dialled).doesNotContain(PEER_DIRECT);
	}

	@Test
	void aNewProcessUnderAConnectedNameIsDialled() {
		this.membership.connected(TestConnections.connection(PEER, 7, true, PEER_VIA_PROXY));
		PeerConnection gossiper = TestConnections.connection(GOSSIPER, 1, true, new PeerAddress("127.0.0.4", 4370));
		this.membership.connected(gossiper);
		this.membership.gossip(gossiper, members(8));
		assertThat(this.dialled).contains(PEER_DIRECT);
	}

	private static Message.Members members(long peerIncarnation) {
		return new Message.Members(List.of(new Message.Members.Entry(PEER.toString(), PEER_DIRECT.host(),
				PEER_DIRECT.port(), peerIncarnation)));
	}

}
