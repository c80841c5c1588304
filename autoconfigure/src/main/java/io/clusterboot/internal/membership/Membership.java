package io.clusterboot.internal.membership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.NodeUpEvent;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.RateLimitedLogger;

import static io.clusterboot.internal.Durations.human;
import io.clusterboot.internal.transport.PeerConnection;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.handshake.Admission;
import io.clusterboot.internal.transport.handshake.HandshakeFailedException;

/**
 * The peer table and the rules that change it. Discovery decides whom to dial; liveness decides
 * membership: a healthy connection is never dropped because discovery stopped listing it.
 * <p>
 * Every method except {@link #refusal} runs on the single membership thread, so the state needs no
 * locks; {@link #refusal} is asked from I/O threads and reads only a concurrent map.
 */
final class Membership implements Admission {

	private static final Logger logger = LoggerFactory.getLogger(Membership.class);

	// Down and left members that nobody lists any more are forgotten after this long.
	private static final Duration FORGET_AFTER = Duration.ofMinutes(5);

	/** The most addresses one peer's member list can add to the dial set. */
	static final int MAX_GOSSIPED_PER_PEER = 1024;

	private final RateLimitedLogger badGossip = new RateLimitedLogger(logger, TimeUnit.MINUTES.toNanos(1));

	private final NodeName self;

	private final PeerAddress selfAddress;

	private final long incarnation;

	private final Backoff backoff;

	private final Function<PeerAddress, CompletableFuture<PeerConnection>> dialer;

	private final Executor membershipThread;

	private final Consumer<Object> events;

	private final Clock clock;

	private final Map<NodeName, MemberEntry> members = new HashMap<>();

	private final Map<PeerAddress, Target> targets = new HashMap<>();

	private final Map<PeerConnection, List<GossipedMember>> gossip = new HashMap<>();

	private boolean broadcastDue;

	private boolean dialAfterGossip;

	private boolean settleQueued;

	private final Map<NodeName, Long> connected = new ConcurrentHashMap<>();

	// The incarnation each name's last takeover replaced: if that one dials again, it is alive, and two
	// processes claim one name.
	private final Map<NodeName, Long> replaced = new ConcurrentHashMap<>();

	private final Map<String, Long> dialOutcomes;

	private final ClusterObserver observer;

	private Set<PeerAddress> discovered = Set.of();

	private volatile MembershipView view = MembershipView.EMPTY;

	private boolean closing;

	Membership(NodeName self, PeerAddress selfAddress, long incarnation, Backoff backoff,
			Function<PeerAddress, CompletableFuture<PeerConnection>> dialer, Executor membershipThread,
			Consumer<Object> events, Clock clock, Map<String, Long> dialOutcomes, ClusterObserver observer) {
		this.self = self;
		this.selfAddress = selfAddress;
		this.incarnation = incarnation;
		this.backoff = backoff;
		this.dialer = dialer;
		this.membershipThread = membershipThread;
		this.events = events;
		this.clock = clock;
		this.dialOutcomes = dialOutcomes;
		this.observer = observer;
	}

	@Override
	public Reason refusal(NodeName peer, long peerIncarnation) {
		if (peer.equals(this.self)) {
			return (peerIncarnation == this.incarnation) ? Reason.SELF : Reason.DUPLICATE_NAME;
		}
		Long current = this.connected.get(peer);
		if (current == null) {
			return null;
		}
		if (current != peerIncarnation) {
			// A new incarnation is a restarted process, which takes over at once (as in Erlang) rather
			// than waiting for the old connection to time out; the one it replaced coming back is not.
			Long old = this.replaced.get(peer);
			return (old != null && old == peerIncarnation) ? Reason.DUPLICATE_NAME : null;
		}
		// A second connection of the same process is admitted on both sides and settled by one
		// deterministic rule in connected(). The dialler must not give it up: it learns the peer only
		// from ACCEPT, when the listener has already registered the connection, and in a simultaneous
		// dial each side giving up its own would close both.
		return null;
	}

	/** A discovery round succeeded. */
	void discovered(Set<PeerAddress> addresses) {
		this.discovered = Set.copyOf(addresses);
		for (MemberEntry member : this.members.values()) {
			if (member.state == MemberState.LEFT && !addresses.contains(member.address)) {
				member.dialSuppressed = false; // it must show up in discovery anew to be dialled again
			}
		}
		dialDue();
	}

	/** Dials every address that should be connected, is not, and whose backoff has expired. */
	void dialDue() {
		if (this.closing) {
			return;
		}
		Instant now = this.clock.instant();
		Set<PeerAddress> wanted = wanted();
		for (PeerAddress address : wanted) {
			Target target = this.targets.computeIfAbsent(address, (a) -> new Target(a, now));
			if (!waitsForDial(target) || target.nextAttempt.isAfter(now)) {
				continue;
			}
			try {
				dial(target);
			}
			catch (RuntimeException ex) {
				// One address must never stop the others from being dialled.
				target.inFlight = false;
				dialed(target, ex);
			}
		}
		this.targets.values().removeIf((t) -> !t.inFlight && !wanted.contains(t.address) && !t.self);
		Instant forgetBefore = now.minus(FORGET_AFTER);
		this.members.values()
			.removeIf((m) -> m.active == null && m.since.isBefore(forgetBefore) && !wanted.contains(m.address));
		this.replaced.keySet().retainAll(this.members.keySet());
	}

	private Set<PeerAddress> wanted() {
		Set<PeerAddress> wanted = new LinkedHashSet<>(this.discovered);
		wanted.remove(this.selfAddress);
		for (List<GossipedMember> entries : this.gossip.values()) {
			for (GossipedMember entry : entries) {
				if (entry.name().equals(this.self) || entry.address().equals(this.selfAddress)) {
					continue;
				}
				MemberEntry member = this.members.get(entry.name());
				if (member != null && member.state == MemberState.LEFT && member.leftIncarnation == entry.incarnation()) {
					continue; // stale news of a node that said goodbye
				}
				if (member != null && member.active != null && member.active.incarnation() == entry.incarnation()) {
					continue; // connected already, perhaps by another address: a second dial would only be settled away
				}
				wanted.add(entry.address());
			}
		}
		return wanted;
	}

	// One rule for dialDue and nextDue: a target that is due but that dialDue would skip (connected by
	// the peer's own dial, or the node is leaving) must not be reported as due, or the redial timer
	// fires again at once.
	private boolean waitsForDial(Target target) {
		return !this.closing && !target.self && !target.inFlight && !isConnected(target.address, target)
				&& !isSuppressed(target.address, target);
	}

	private boolean isConnected(PeerAddress address, Target target) {
		MemberEntry byName = (target.name != null) ? this.members.get(target.name) : null;
		if (byName != null && byName.active != null) {
			return true;
		}
		for (MemberEntry member : this.members.values()) {
			if (member.active != null && member.address.equals(address)) {
				return true;
			}
		}
		return false;
	}

	private boolean isSuppressed(PeerAddress address, Target target) {
		for (MemberEntry member : this.members.values()) {
			if (member.dialSuppressed && (member.address.equals(address) || member.name.equals(target.name))) {
				return true;
			}
		}
		return false;
	}

	// A retry keeps the state of the last failure, so that "down since" tells when the peer went
	// down, and a failure is logged only when it differs from the last one.
	private void dial(Target target) {
		target.inFlight = true;
		this.dialer.apply(target.address)
			.whenCompleteAsync((connection, failure) -> {
				dialed(target, failure);
				publishView();
			}, this.membershipThread);
	}

	private void dialed(Target target, Throwable failure) {
		target.inFlight = false;
		if (failure == null) {
			count(null);
			target.failures = 0;
			target.lastError = null;
			target.nextAttempt = Instant.MIN;
			return;
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		HandshakeFailedException handshake = (cause instanceof HandshakeFailedException h) ? h
				: new HandshakeFailedException(Reason.UNREACHABLE, cause.getMessage());
		Reason reason = handshake.reason();
		count(reason);
		if (handshake.peer() != null) {
			target.name = handshake.peer();
		}
		// Only this node's own finding makes an address "self" for good; a peer's REJECT saying so
		// is its word alone, and is retried like any refusal.
		if (reason == Reason.SELF && !handshake.refusedByPeer()) {
			target.self = true;
			return;
		}
		target.failures++;
		Duration delay = this.backoff.delay(target.failures);
		target.nextAttempt = this.clock.instant().plus(delay);
		MemberState state = reason.isRejection() ? MemberState.REJECTED : MemberState.DOWN;
		if (state != target.state || reason != target.lastError) {
			target.since = this.clock.instant();
			logDialFailure(target, handshake, delay);
		}
		target.state = state;
		target.lastError = reason;
	}

	private void logDialFailure(Target target, HandshakeFailedException failure, Duration delay) {
		String who = (target.name != null) ? target.name + " at " + target.address : target.address.toString();
		if (failure.reason() == Reason.BAD_COOKIE) {
			logger.warn("Cannot join {}: it uses another cookie (compare the cookie fingerprints on "
					+ "/actuator/cluster); retrying in {}", who, human(delay));
		}
		else if (failure.reason() == Reason.UNRESOLVABLE) {
			logger.warn("Cannot resolve {}: {}; check the name (and the DNS server it asks), retrying in {}", who,
					failure.getMessage(), human(delay));
		}
		else if (failure.reason() == Reason.DUPLICATE_NAME) {
			logger.warn("Cannot join {}: another running node is already named {} or {}; give each node a "
					+ "unique cluster.node.host or cluster.node.basename", who, this.self, target.name);
		}
		else {
			logger.info("Cannot reach {}: {}; retrying in {}", who, failure.getMessage(), human(delay));
		}
	}

	/** A handshake completed, in either direction. */
	void connected(PeerConnection connection) {
		if (this.closing) {
			connection.close(Reason.SHUTDOWN);
			return;
		}
		Target target = this.targets.get(connection.address());
		if (target != null) {
			target.name = connection.name();
		}
		MemberEntry member = this.members.get(connection.name());
		if (member == null) {
			member = new MemberEntry(connection.name(), connection.address(), this.clock.instant());
			this.members.put(connection.name(), member);
		}
		if (member.active != null && !member.active.isOpen()) {
			replaceClosed(member, connection);
			if (member.active == connection) {
				return;
			}
		}
		if (member.active != null && member.active.incarnation() == connection.incarnation()) {
			settleDuplicate(member, connection);
			return;
		}
		if (member.active != null) {
			takeOver(member, connection);
			return;
		}
		member.active = connection;
		member.address = connection.address();
		member.state = MemberState.CONNECTED;
		member.since = connection.since();
		member.lastError = null;
		member.dialSuppressed = false;
		this.connected.put(member.name, connection.incarnation());
		publish(new NodeUpEvent(member.toMember(null))); // before the log line, as for node-down
		logger.info("Node up: {} at {} ({})", member.name, member.address,
				connection.outbound() ? "dialled" : "accepted");
		this.broadcastDue = true;
		settleLater();
	}

	// The active connection closed and its close is still on its way to this thread. It must not
	// settle against the new one as if it were alive; nor is the peer down if another connection of
	// the same process is open: that is the spare of a simultaneous dial, which the greater node
	// closes as soon as its own dial completes, often before this node has heard of that dial.
	private void replaceClosed(MemberEntry member, PeerConnection connection) {
		PeerConnection dead = member.active;
		if (member.alternate != null && member.alternate.isOpen()) {
			member.active = member.alternate;
			member.alternate = null;
			member.address = member.active.address();
		}
		else if (dead.incarnation() == connection.incarnation()) {
			member.active = connection;
			member.alternate = null;
			member.address = connection.address();
		}
		else {
			closed(dead, Reason.CONNECTION_CLOSED);
		}
	}

	// The peer restarted before its old connection timed out: the new incarnation wins at once, and
	// listeners see the old one go down and the new one come up.
	private void takeOver(MemberEntry member, PeerConnection connection) {
		PeerConnection old = member.active;
		this.replaced.put(member.name, old.incarnation());
		if (member.alternate != null) {
			member.alternate.close(Reason.REPLACED);
		}
		member.active = connection;
		member.alternate = null;
		member.address = connection.address();
		member.since = connection.since();
		old.close(Reason.REPLACED);
		this.connected.put(member.name, connection.incarnation());
		logger.info("Node restarted: {} at {}; its new incarnation replaces the old connection", member.name,
				member.address);
		publish(new NodeDownEvent(new Member(member.name, old.address(), MemberState.DOWN, connection.since(), null,
				Reason.REPLACED, null), Reason.REPLACED));
		publish(new NodeUpEvent(member.toMember(null)));
		this.broadcastDue = true;
		settleLater();
	}

	// Both nodes dialled each other at once. Like Erlang, keep the connection dialled by the node with
	// the greater name; only that node closes the other one, and only once its own dial completed,
	// which happens after the lesser node registered it (the lesser node registers before sending
	// ACCEPT). So neither side ever sees a gap between the two connections.
	private void settleDuplicate(MemberEntry member, PeerConnection connection) {
		if (member.alternate != null) {
			// Two are open already, as in a simultaneous dial: a third is never needed and would be
			// forgotten while still open.
			connection.close(Reason.DUPLICATE_CONNECTION);
			return;
		}
		if (connection.outbound() == member.active.outbound()) {
			// One side dialled twice (a peer listed under two addresses, say): the first connection
			// stays, the side that dialled closes the second and the other side waits for that.
			member.alternate = connection;
			if (connection.outbound()) {
				connection.close(Reason.DUPLICATE_CONNECTION);
			}
			return;
		}
		PeerConnection keep = dialledByGreater(member.active) ? member.active : connection;
		PeerConnection drop = (keep == member.active) ? connection : member.active;
		member.active = keep;
		member.alternate = drop;
		member.address = keep.address();
		if (this.self.compareTo(member.name) > 0 && keep.outbound()) {
			drop.close(Reason.DUPLICATE_CONNECTION);
		}
	}

	private boolean dialledByGreater(PeerConnection connection) {
		boolean selfIsGreater = this.self.compareTo(connection.name()) > 0;
		return connection.outbound() == selfIsGreater;
	}

	/** An authenticated connection closed. */
	void closed(PeerConnection connection, Reason reason) {
		this.gossip.remove(connection);
		MemberEntry member = this.members.get(connection.name());
		if (member == null) {
			return;
		}
		if (member.alternate == connection) {
			member.alternate = null;
			return;
		}
		if (member.active != connection) {
			return;
		}
		if (member.alternate != null && member.alternate.isOpen()) {
			member.active = member.alternate;
			member.alternate = null;
			member.address = member.active.address();
			// The other connection of a simultaneous dial carries on: nothing to announce.
			return;
		}
		member.active = null;
		member.alternate = null;
		this.connected.remove(member.name);
		if (this.closing) {
			return;
		}
		boolean left = reason == Reason.LEFT;
		member.state = left ? MemberState.LEFT : MemberState.DOWN;
		member.since = this.clock.instant();
		member.lastError = reason;
		if (left) {
			member.dialSuppressed = true;
			member.leftIncarnation = connection.incarnation();
		}
		Target target = this.targets.get(member.address);
		if (target != null) {
			target.failures = 0;
			target.nextAttempt = Instant.MIN;
		}
		// Listeners first: the log line's synchronous write would otherwise delay every node-down event.
		publish(new NodeDownEvent(member.toMember(null), reason));
		logger.info("Node down: {} at {} ({})", member.name, member.address, reason);
		this.broadcastDue = true;
		settleLater();
	}

	/** A peer sent its member list. */
	void gossip(PeerConnection connection, Message.Members message) {
		if (!connection.isOpen()) {
			return;
		}
		List<GossipedMember> entries = GossipedMember.validate(connection.name(), message.members(),
				MAX_GOSSIPED_PER_PEER, (problem) -> this.badGossip.warn(connection.name().toString(),
						"Ignoring part of the member list from {}: {}", connection.name(), problem));
		this.gossip.put(connection, entries);
		for (GossipedMember entry : entries) {
			MemberEntry member = this.members.get(entry.name());
			if (member != null && member.state == MemberState.LEFT && member.leftIncarnation != entry.incarnation()) {
				member.dialSuppressed = false; // it came back as a new process
			}
		}
		this.dialAfterGossip = true;
		settleLater();
	}

	// Member lists and gossip come in bursts: a cold cluster brings each node N-1 node-ups, each of which
	// sent the whole list to every peer, and every list received ran a dial round over all gossip, so a
	// converging cluster's membership work grew with N to the fourth (50 nodes in one JVM: 3.8 s). The
	// list is sent, and the gossip acted on, once per burst: after the tasks already queued on the
	// membership thread. With nothing queued that is at once.
	private void settleLater() {
		if (!this.settleQueued) {
			this.settleQueued = true;
			this.membershipThread.execute(this::settle);
		}
	}

	private void settle() {
		this.settleQueued = false;
		if (this.closing) {
			return; // LEAVE is on its way to every peer: nothing more to tell them or to dial
		}
		if (this.broadcastDue) {
			this.broadcastDue = false;
			broadcastMembers();
		}
		if (this.dialAfterGossip) {
			this.dialAfterGossip = false;
			dialDue();
		}
	}

	private void broadcastMembers() {
		List<Message.Members.Entry> entries = new ArrayList<>();
		for (MemberEntry member : this.members.values()) {
			if (member.active != null) {
				entries.add(new Message.Members.Entry(member.name.toString(), member.address.host(),
						member.address.port(), member.active.incarnation()));
			}
		}
		Message.Members message = new Message.Members(entries);
		for (MemberEntry member : this.members.values()) {
			if (member.active != null) {
				member.active.sendControl(message); // a dropped list would leave the peer wrong until the next change
			}
		}
	}

	/** Says goodbye to every peer; the returned futures complete when the connections are closed. */
	List<CompletableFuture<Void>> leave() {
		this.closing = true;
		List<CompletableFuture<Void>> closed = new ArrayList<>();
		for (MemberEntry member : this.members.values()) {
			for (PeerConnection connection : new PeerConnection[] { member.active, member.alternate }) {
				if (connection != null) {
					CompletableFuture<Void> done = new CompletableFuture<>();
					connection.leave().addListener((f) -> done.complete(null));
					closed.add(done);
				}
			}
		}
		return closed;
	}

	/**
	 * When the next dial in backoff is due, so that it happens then rather than at the next poll.
	 * @return the earliest due time, or {@code null} if nothing waits
	 */
	Instant nextDue() {
		Instant earliest = null;
		for (Target target : this.targets.values()) {
			if (target.nextAttempt != Instant.MIN && waitsForDial(target)
					&& (earliest == null || target.nextAttempt.isBefore(earliest))) {
				earliest = target.nextAttempt;
			}
		}
		return earliest;
	}

	/**
	 * The last published view; any thread may call it.
	 * @return the view
	 */
	MembershipView view() {
		return this.view;
	}

	/**
	 * Publishes the current state as an immutable view. Called on the membership thread after every
	 * change, so that readers never have to go through that thread.
	 */
	void publishView() {
		List<MembershipView.Entry> entries = new ArrayList<>();
		Set<PeerAddress> shown = new HashSet<>();
		Set<NodeName> named = new HashSet<>();
		int open = 0;
		for (MemberEntry member : this.members.values()) {
			Target target = this.targets.get(member.address);
			entries.add(new MembershipView.Entry(member.toMember(target), member.active));
			shown.add(member.address);
			named.add(member.name);
			open += ((member.active != null && member.active.isOpen()) ? 1 : 0)
					+ ((member.alternate != null && member.alternate.isOpen()) ? 1 : 0);
		}
		for (Target target : this.targets.values()) {
			if (target.self || shown.contains(target.address) || (target.name != null && named.contains(target.name))) {
				continue;
			}
			entries.add(new MembershipView.Entry(new Member(target.name, target.address, target.state, target.since,
					null, target.lastError, nextAttempt(target)), null));
		}
		entries.sort(Comparator.comparing((MembershipView.Entry e) -> sortName(e.member()))
			.thenComparing((e) -> e.member().address()));
		this.view = new MembershipView(entries, open);
	}

	private static String sortName(Member member) {
		return (member.name() != null) ? member.name().toString() : "~";
	}

	private static Instant nextAttempt(Target target) {
		return (target.nextAttempt != Instant.MIN) ? target.nextAttempt : null;
	}

	private void count(Reason failure) {
		this.dialOutcomes.merge((failure != null) ? failure.id() : "success", 1L, Long::sum);
		this.observer.dialed(failure);
	}

	private void publish(Object event) {
		try {
			this.events.accept(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A cluster listener failed on {}", event, ex);
		}
	}

	/** Where and how to dial one address. */
	private static final class Target {

		private final PeerAddress address;

		private NodeName name;

		private MemberState state = MemberState.CONNECTING;

		private Instant since;

		private Reason lastError;

		private int failures;

		private Instant nextAttempt = Instant.MIN;

		private boolean inFlight;

		private boolean self;

		Target(PeerAddress address, Instant since) {
			this.address = address;
			this.since = since;
		}

	}

	/** A peer known by name. */
	private static final class MemberEntry {

		private final NodeName name;

		private PeerAddress address;

		private MemberState state = MemberState.CONNECTING;

		private Instant since;

		private Reason lastError;

		private PeerConnection active;

		private PeerConnection alternate;

		private boolean dialSuppressed;

		private long leftIncarnation;

		MemberEntry(NodeName name, PeerAddress address, Instant since) {
			this.name = name;
			this.address = address;
			this.since = since;
		}

		Member toMember(Target target) {
			Instant next = (this.active == null && target != null) ? nextAttempt(target) : null;
			return new Member(this.name, this.address, this.state, this.since, null, this.lastError, next);
		}

	}

}
