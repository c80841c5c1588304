package io.clusterboot.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.Reason;
import io.clusterboot.membership.ClusterNode;

/**
 * The cluster's Micrometer meters, all named {@code cluster.*}:
 * <ul>
 * <li>{@code cluster.members} (gauge, tag {@code state}): peers in each state;
 * <li>{@code cluster.connections.attempts} (counter, tag {@code outcome}): dials by outcome,
 * {@code success}, {@code unreachable}, {@code bad-cookie}, …;
 * <li>{@code cluster.handshake.failures} (counter, tag {@code reason}): failed handshakes, both
 * directions;
 * <li>{@code cluster.discovery.duration} (time gauge): how long the last discovery round took;
 * <li>{@code cluster.discovery.errors} (counter): failed discovery rounds;
 * <li>{@code cluster.heartbeat.rtt} (gauge in seconds, tag {@code peer}): the last heartbeat round
 * trip to each connected peer.
 * </ul>
 * Outcomes and reasons are closed sets ({@link Reason}), whatever peers send; their meters, and those
 * of peers, are added as they first occur: a named
 * daemon thread looks for new ones every {@code syncInterval}, and also drops the round-trip gauges of
 * peers that are gone.
 */
public final class ClusterMeterBinder implements MeterBinder, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ClusterMeterBinder.class);

	private final ClusterNode node;

	private final Duration syncInterval;

	private final List<Bound> bound = new CopyOnWriteArrayList<>();

	private ScheduledExecutorService scheduler;

	private volatile boolean closed;

	/**
	 * Creates the binder.
	 * @param node the cluster node to measure
	 * @param syncInterval how often to add meters for new outcomes, reasons and peers
	 */
	public ClusterMeterBinder(ClusterNode node, Duration syncInterval) {
		this.node = node;
		this.syncInterval = syncInterval;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (MemberState state : MemberState.values()) {
			Gauge.builder("cluster.members", this.node, (node) -> count(node, state))
				.tag("state", state.id())
				.description("Peers this node knows of, by state")
				.register(registry);
		}
		FunctionCounter.builder("cluster.discovery.errors", this.node, ClusterNode::discoveryErrors)
			.description("Discovery rounds that failed")
			.register(registry);
		TimeGauge
			.builder("cluster.discovery.duration", this.node, TimeUnit.NANOSECONDS,
					ClusterMeterBinder::lastDiscoveryNanos)
			.description("How long the last discovery round took")
			.register(registry);
		MultiGauge rtt = MultiGauge.builder("cluster.heartbeat.rtt")
			.baseUnit("seconds")
			.description("Last heartbeat round trip to each connected peer")
			.register(registry);
		Bound target = new Bound(registry, rtt);
		this.bound.add(target);
		sync(target);
		startSyncing();
	}

	private static double count(ClusterNode node, MemberState state) {
		return node.members().stream().filter((member) -> member.state() == state).count();
	}

	private static double lastDiscoveryNanos(ClusterNode node) {
		Duration duration = node.discovery().duration();
		return (duration != null) ? duration.toNanos() : Double.NaN;
	}

	private synchronized void startSyncing() {
		if (this.scheduler != null || this.closed) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cluster-metrics");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.syncInterval.toNanos();
		this.scheduler.scheduleWithFixedDelay(this::syncAll, interval, interval, TimeUnit.NANOSECONDS);
	}

	private void syncAll() {
		try {
			for (Bound target : this.bound) {
				sync(target);
			}
		}
		catch (RuntimeException ex) {
			if (!this.closed) {
				logger.warn("Updating the cluster meters failed", ex);
			}
		}
	}

	private void sync(Bound target) {
		for (String outcome : this.node.connectionAttempts().keySet()) {
			if (target.outcomes.add(outcome)) {
				FunctionCounter
					.builder("cluster.connections.attempts", this.node,
							(node) -> node.connectionAttempts().getOrDefault(outcome, 0L))
					.tag("outcome", outcome)
					.description("Dials of peers, by outcome")
					.register(target.registry);
			}
		}
		for (Reason reason : Reason.values()) {
			if (this.node.handshakeFailures(reason) > 0 && target.reasons.add(reason)) {
				FunctionCounter.builder("cluster.handshake.failures", this.node, (node) -> node.handshakeFailures(reason))
					.tag("reason", reason.id())
					.description("Handshakes that failed, in either direction, by reason")
					.register(target.registry);
			}
		}
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (Member member : this.node.members()) {
			if (member.isConnected() && member.name() != null && member.rttMillis() != null) {
				rows.add(MultiGauge.Row.of(Tags.of("peer", member.name().toString()), member.rttMillis() / 1000.0));
			}
		}
		target.rtt.register(rows, true);
	}

	/**
	 * Stops looking for new outcomes, reasons and peers.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
	}

	/** The meters of one registry that grow as new tag values occur. */
	private static final class Bound {

		private final MeterRegistry registry;

		private final MultiGauge rtt;

		private final Set<String> outcomes = ConcurrentHashMap.newKeySet();

		private final Set<Reason> reasons = ConcurrentHashMap.newKeySet();

		Bound(MeterRegistry registry, MultiGauge rtt) {
			this.registry = registry;
			this.rtt = rtt;
		}

	}

}
