package io.clusterboot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.clusterboot.MemberState;
import io.clusterboot.Reason;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterObserver;

/**
 * The cluster's Micrometer meters, all named {@code cluster.*}:
 * <ul>
 * <li>{@code cluster.members} (gauge, tag {@code state}): peers in each state;
 * <li>{@code cluster.connections.attempts} (counter, tag {@code outcome}): dials by outcome,
 * {@code success} or a {@link Reason} ({@code unreachable}, {@code bad-cookie}, …);
 * <li>{@code cluster.handshake.failures} (counter, tag {@code reason}): failed handshakes, both
 * directions;
 * <li>{@code cluster.discovery.duration} (time gauge): how long the last discovery round took;
 * <li>{@code cluster.discovery.errors} (counter): failed discovery rounds;
 * <li>{@code cluster.frames.rejected} (counter): frames that failed their authentication, each
 * closing its connection ({@code bad-frame-mac});
 * <li>{@code cluster.heartbeat.rtt} (timer): heartbeat round trips to all peers, one series per node
 * whatever the number of peers (a series per peer would make N² across a cluster).
 * </ul>
 * The node tells this binder what happens as it happens ({@link ClusterObserver}): a counter is
 * registered when its outcome or reason first occurs, from a closed set, and no thread polls.
 */
public final class ClusterMeterBinder implements MeterBinder, ClusterObserver, AutoCloseable {

	private final ClusterNode node;

	private final List<Bound> bound = new CopyOnWriteArrayList<>();

	/**
	 * Creates the binder.
	 * @param node the cluster node to measure
	 */
	public ClusterMeterBinder(ClusterNode node) {
		this.node = node;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (MemberState state : MemberState.values()) {
			Gauge.builder("cluster.members", this.node, (node) -> count(node, state))
				.tag("state", state.id())
				.description("Peers this node knows of, by state")
				.register(registry);
		}
		FunctionCounter.builder("cluster.frames.rejected", this.node, ClusterNode::rejectedFrames)
			.description("Frames that failed their authentication after a handshake (each closed its connection)")
			.register(registry);
		FunctionCounter.builder("cluster.discovery.errors", this.node, ClusterNode::discoveryErrors)
			.description("Discovery rounds that failed")
			.register(registry);
		TimeGauge
			.builder("cluster.discovery.duration", this.node, TimeUnit.NANOSECONDS,
					ClusterMeterBinder::lastDiscoveryNanos)
			.description("How long the last discovery round took")
			.register(registry);
		Timer rtt = Timer.builder("cluster.heartbeat.rtt")
			.description("Heartbeat round trips to the connected peers")
			.register(registry);
		Bound target = new Bound(registry, rtt);
		this.bound.add(target);
		// What happened before this registry was bound.
		this.node.connectionAttempts().keySet().forEach((outcome) -> target.attempts(this.node, outcome));
		for (Reason reason : Reason.values()) {
			if (this.node.handshakeFailures(reason) > 0) {
				target.failures(this.node, reason);
			}
		}
		this.node.observe(this);
	}

	@Override
	public void dialed(Reason failure) {
		String outcome = (failure != null) ? failure.id() : "success";
		for (Bound target : this.bound) {
			target.attempts(this.node, outcome);
		}
	}

	@Override
	public void handshakeFailed(Reason reason) {
		for (Bound target : this.bound) {
			target.failures(this.node, reason);
		}
	}

	@Override
	public void heartbeat(Duration roundTrip) {
		for (Bound target : this.bound) {
			target.rtt.record(roundTrip);
		}
	}

	private static double count(ClusterNode node, MemberState state) {
		return node.peers().stream().filter((member) -> member.state() == state).count();
	}

	private static double lastDiscoveryNanos(ClusterNode node) {
		Duration duration = node.discovery().duration();
		return (duration != null) ? duration.toNanos() : Double.NaN;
	}

	/**
	 * Stops measuring.
	 */
	@Override
	public void close() {
		this.node.observe(ClusterObserver.NONE);
	}

	/** The meters of one registry whose counters are added as their tag values first occur. */
	private static final class Bound {

		private final MeterRegistry registry;

		private final Timer rtt;

		private final Set<String> outcomes = ConcurrentHashMap.newKeySet();

		private final Set<Reason> reasons = ConcurrentHashMap.newKeySet();

		Bound(MeterRegistry registry, Timer rtt) {
			this.registry = registry;
			this.rtt = rtt;
		}

		void attempts(ClusterNode node, String outcome) {
			if (this.outcomes.add(outcome)) {
				FunctionCounter
					.builder("cluster.connections.attempts", node,
							(n) -> n.connectionAttempts().getOrDefault(outcome, 0L))
					.tag("outcome", outcome)
					.description("Dials of peers, by outcome")
					.register(this.registry);
			}
		}

		void failures(ClusterNode node, Reason reason) {
			if (this.reasons.add(reason)) {
				FunctionCounter.builder("cluster.handshake.failures", node, (n) -> n.handshakeFailures(reason))
					.tag("reason", reason.id())
					.description("Handshakes that failed, in either direction, by reason")
					.register(this.registry);
			}
		}

	}

}
