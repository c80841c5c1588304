package io.clusterboot.internal.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.NodeUpEvent;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.transport.PeerConnection;
import io.clusterboot.internal.transport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule that settles a simultaneous dial ({@code Membership.settleDuplicate}), driven directly: two
 * connections between the same two processes, one dialled by each, are handed to the membership in
 * either order. The connection dialled by the node with the greater name is kept; only the greater
 * node closes the other one; nobody is announced down.
 */
class SimultaneousDialSettlementTests {

	private static final NodeName LESSER = new NodeName("node", "127.0.0.2");

	private static final NodeName GREATER = new NodeName("node", "127.0.0.3");

	private static final PeerAddress LESSER_ADDRESS = new PeerAddress("127.0.0.2", 4370);

	private static final PeerAddress GREATER_ADDRESS = new PeerAddress("127.0.0.3", 4370);

	private final List<Object> events = new CopyOnWriteArrayList<>();

	@Test
	void theGreaterNodeKeepsItsOwnDialAndClosesTheAcceptedOneWhicheverCompletesFirst() {
		for (boolean dialledFirst : new boolean[] { true, false }) {
			this.events.clear();
			Membership greater = membership(GREATER, GREATER_ADDRESS);
			PeerConnection dialled = TestConnections.connection(LESSER, 1, true, LESSER_ADDRESS);
			PeerConnection accepted = TestConnections.connection(LESSER, 1, false, LESSER_ADDRESS);
			greater.connected(dialledFirst ? dialled : accepted);
			greater.connected(dialledFirst ? accepted : dialled);
			assertThat(TestConnections.closedWith(accepted)).as("accepted, dialled first: %s", dialledFirst)
				.isEqualTo(Reason.DUPLICATE_CONNECTION);
			assertThat(TestConnections.closedWith(dialled)).as("dialled, dialled first: %s", dialledFirst).isNull();
			greater.closed(accepted, Reason.DUPLICATE_CONNECTION);
			assertThat(activeConnection(greater)).isSameAs(dialled);
			assertThat(this.events).singleElement().isInstanceOf(NodeUpEvent.class);
		}
	}

	@Test
	void theLesserNodeKeepsTheGreatersDialAndWaitsForTheGreaterToCloseTheOther() {
		for (boolean dialledFirst : new boolean[] { true, false }) {
			this.events.clear();
			Membership lesser = membership(LESSER, LESSER_ADDRESS);
			PeerConnection dialled = TestConnections.connection(GREATER, 1, true, GREATER_ADDRESS);
			PeerConnection accepted = TestConnections.connection(GREATER, 1, false, GREATER_ADDRESS);
			lesser.connected(dialledFirst ? dialled : accepted);
			lesser.connected(dialledFirst ? accepted : dialled);
			assertThat(TestConnections.closedWith(dialled)).as("dialled, dialled first: %s", dialledFirst).isNull();
			assertThat(TestConnections.closedWith(accepted)).as("accepted, dialled first: %s", dialledFirst).isNull();
			assertThat(activeConnection(lesser)).as("dialled first: %s", dialledFirst).isSameAs(accepted);
			// The greater node closes the lesser's dial; the accepted connection carries on.
			dialled.close(Reason.DUPLICATE_CONNECTION);
			lesser.closed(dialled, Reason.DUPLICATE_CONNECTION);
			assertThat(activeConnection(lesser)).isSameAs(accepted);
			assertThat(this.events).singleElement().isInstanceOf(NodeUpEvent.class);
			assertThat(this.events).noneMatch(NodeDownEvent.class::isInstance);
		}
	}

	// The greater node closes the lesser's dial as soon as its own completes, which can be before the
	// lesser's membership thread has taken the greater's dial: the close is then still on its way.
	@Test
	void theLesserNodeWhoseDialIsClosedBeforeItTakesTheGreatersDialSeesNoGap() {
		Membership lesser = membership(LESSER, LESSER_ADDRESS);
		PeerConnection dialled = TestConnections.connection(GREATER, 1, true, GREATER_ADDRESS);
		PeerConnection accepted = TestConnections.connection(GREATER, 1, false, GREATER_ADDRESS);
		lesser.connected(dialled);
		dialled.close(Reason.DUPLICATE_CONNECTION);
		lesser.connected(accepted);
		lesser.closed(dialled, Reason.CONNECTION_CLOSED);
		assertThat(activeConnection(lesser)).isSameAs(accepted);
		assertThat(TestConnections.closedWith(accepted)).isNull();
		assertThat(this.events).singleElement().isInstanceOf(NodeUpEvent.class);
	}

	@Test
	void aClosedConnectionOfAnEarlierProcessIsAnnouncedDownBeforeTheNewOneComesUp() {
		Membership lesser = membership(LESSER, LESSER_ADDRESS);
		PeerConnection old = TestConnections.connection(GREATER, 1, true, GREATER_ADDRESS);
		PeerConnection restarted = TestConnections.connection(GREATER, 2, false, GREATER_ADDRESS);
		lesser.connected(old);
		old.close(Reason.CONNECTION_CLOSED);
		lesser.connected(restarted);
		assertThat(activeConnection(lesser)).isSameAs(restarted);
		assertThat(this.events).hasSize(3);
		assertThat(this.events.get(1)).isInstanceOfSatisfying(NodeDownEvent.class,
				(down) -> assertThat(down.reason()).isEqualTo(Reason.CONNECTION_CLOSED));
		assertThat(this.events.get(2)).isInstanceOf(NodeUpEvent.class);
	}

	// Each side registers the other's dial as a listener before its own dial's ACCEPT arrives; a
	// dialler that then gave up its own connection as redundant would close the one the peer kept.
	@Test
	void aSecondConnectionOfAConnectedProcessIsAdmittedOnBothSidesSoTheRuleCanSettleIt() {
		for (NodeName self : new NodeName[] { LESSER, GREATER }) {
			NodeName peer = self.equals(LESSER) ? GREATER : LESSER;
			PeerAddress peerAddress = self.equals(LESSER) ? GREATER_ADDRESS : LESSER_ADDRESS;
			Membership membership = membership(self, self.equals(LESSER) ? LESSER_ADDRESS : GREATER_ADDRESS);
			membership.connected(TestConnections.connection(peer, 1, false, peerAddress));
			assertThat(membership.refusal(peer, 1)).as("%s, already connected to %s", self, peer).isNull();
		}
	}

	@Test
	void aSecondDialOfTheSameSideIsClosedByTheDiallerWhileTheFirstConnectionCarriesOn() {
		for (NodeName self : new NodeName[] { LESSER, GREATER }) {
			NodeName peer = self.equals(LESSER) ? GREATER : LESSER;
			PeerAddress peerAddress = self.equals(LESSER) ? GREATER_ADDRESS : LESSER_ADDRESS;
			for (boolean outbound : new boolean[] { true, false }) {
				this.events.clear();
				Membership membership = membership(self, self.equals(LESSER) ? LESSER_ADDRESS : GREATER_ADDRESS);
				PeerConnection first = TestConnections.connection(peer, 1, outbound, peerAddress);
				PeerConnection second = TestConnections.connection(peer, 1, outbound, peerAddress);
				membership.connected(first);
				membership.connected(second);
				assertThat(TestConnections.closedWith(second)).as("%s, dialled by itself: %s", self, outbound)
					.isEqualTo(outbound ? Reason.DUPLICATE_CONNECTION : null);
				assertThat(TestConnections.closedWith(first)).isNull();
				second.close(Reason.DUPLICATE_CONNECTION);
				membership.closed(second, Reason.DUPLICATE_CONNECTION);
				assertThat(activeConnection(membership)).isSameAs(first);
				assertThat(this.events).singleElement().isInstanceOf(NodeUpEvent.class);
			}
		}
	}

	@Test
	void aThirdConnectionWhileTwoAreOpenIsClosed() {
		Membership lesser = membership(LESSER, LESSER_ADDRESS);
		PeerConnection dialled = TestConnections.connection(GREATER, 1, true, GREATER_ADDRESS);
		PeerConnection accepted = TestConnections.connection(GREATER, 1, false, GREATER_ADDRESS);
		PeerConnection third = TestConnections.connection(GREATER, 1, false, GREATER_ADDRESS);
		lesser.connected(dialled);
		lesser.connected(accepted);
		lesser.connected(third);
		assertThat(TestConnections.closedWith(third)).isEqualTo(Reason.DUPLICATE_CONNECTION);
		assertThat(TestConnections.closedWith(dialled)).isNull();
		assertThat(TestConnections.closedWith(accepted)).isNull();
		assertThat(activeConnection(lesser)).isSameAs(accepted);
	}

	private Membership membership(NodeName self, PeerAddress selfAddress) {
		return new Membership(self, selfAddress, 1, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)),
				(address) -> new CompletableFuture<>(), Runnable::run, this.events::add, Clock.systemUTC(),
				new java.util.concurrent.ConcurrentHashMap<>(), ClusterObserver.NONE);
	}

	private static PeerConnection activeConnection(Membership membership) {
		membership.publishView();
		List<MembershipView.Entry> entries = membership.view().entries();
		assertThat(entries).hasSize(1);
		return entries.get(0).connection();
	}

}
