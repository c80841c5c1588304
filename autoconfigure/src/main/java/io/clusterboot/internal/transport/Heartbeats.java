package io.clusterboot.internal.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One heartbeat timer per event loop for all the connections it serves, instead of one per
 * connection: an idle node wakes once per interval and loop to write every heartbeat that is due, not
 * once per peer (issue 14 measured the per-peer wake-ups as most of an idle link's cost).
 */
final class Heartbeats {

	private static final Logger logger = LoggerFactory.getLogger(Heartbeats.class);

	private final long intervalNanos;

	private final long timeoutNanos;

	private final Map<EventExecutor, Loop> loops = new ConcurrentHashMap<>();

	Heartbeats(long intervalNanos, long timeoutNanos) {
		this.intervalNanos = intervalNanos;
		this.timeoutNanos = timeoutNanos;
	}

	long intervalNanos() {
		return this.intervalNanos;
	}

	long timeoutNanos() {
		return this.timeoutNanos;
	}

	/** Starts ticking a connection; on its event loop. */
	void add(EventExecutor executor, Link connection) {
		this.loops.computeIfAbsent(executor, Loop::new).add(connection);
	}

	/** Stops ticking a connection; on its event loop. */
	void remove(EventExecutor executor, Link connection) {
		Loop loop = this.loops.get(executor);
		if (loop != null) {
			loop.remove(connection);
		}
	}

	/** A connection as the timer sees it. */
	interface Link {

		/**
		 * The event loop's heartbeat timer ticked; on the event loop.
		 * @param now the event loop's clock, the same for every link of the tick
		 */
		void tick(long now);

	}

	/** The connections of one event loop; touched only on that loop's thread. */
	private final class Loop implements Runnable {

		private final EventExecutor executor;

		private final List<Link> connections = new ArrayList<>();

		private ScheduledFuture<?> timer;

		Loop(EventExecutor executor) {
			this.executor = executor;
		}

		void add(Link connection) {
			this.connections.add(connection);
			if (this.timer == null) {
				long interval = Heartbeats.this.intervalNanos;
				this.timer = this.executor.scheduleAtFixedRate(this, interval, interval, TimeUnit.NANOSECONDS);
			}
		}

		void remove(Link connection) {
			this.connections.remove(connection);
			if (this.connections.isEmpty() && this.timer != null) {
				this.timer.cancel(false);
				this.timer = null;
			}
		}

		@Override
		public void run() {
			long now = this.executor.ticker().nanoTime();
			// A tick may close a connection, and a closed one leaves the list.
			for (Link connection : this.connections.toArray(new Link[0])) {
				try {
					connection.tick(now);
				}
				catch (RuntimeException ex) {
					// A failed task at a fixed rate is never run again: one link must not stop them all.
					logger.warn("Heartbeat of {} failed", connection, ex);
				}
			}
		}

	}

}
