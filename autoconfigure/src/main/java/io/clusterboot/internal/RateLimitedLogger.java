package io.clusterboot.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval for each key (a remote address and a reason, say), and
 * says how many were suppressed in between. Bad input from the network must be visible without
 * letting a flood of it fill the disk.
 */
public final class RateLimitedLogger {

	private final Logger logger;

	private final long intervalNanos;

	private final LongSupplier clock;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	public RateLimitedLogger(Logger logger, long intervalNanos) {
		this(logger, intervalNanos, System::nanoTime);
	}

	RateLimitedLogger(Logger logger, long intervalNanos, LongSupplier clock) {
		this.logger = logger;
		this.intervalNanos = intervalNanos;
		this.clock = clock;
	}

	/**
	 * Logs a warning unless one with the same key was logged within the interval.
	 * @param key what makes two warnings "the same"
	 * @param message the message (SLF4J format)
	 * @param args the arguments
	 * @return whether it was logged
	 */
	public boolean warn(String key, String message, Object... args) {
		if (this.windows.size() > 10_000) {
			this.windows.clear(); // bounded memory under a flood of distinct keys
		}
		long now = this.clock.getAsLong();
		Window window = this.windows.computeIfAbsent(key, (k) -> new Window());
		long suppressed;
		synchronized (window) {
			if (window.loggedAt != Long.MIN_VALUE && now - window.loggedAt < this.intervalNanos) {
				window.suppressed.incrementAndGet();
				return false;
			}
			window.loggedAt = now;
			suppressed = window.suppressed.getAndSet(0);
		}
		if (suppressed > 0) {
			this.logger.warn(message + " (" + suppressed + " similar messages suppressed)", args);
		}
		else {
			this.logger.warn(message, args);
		}
		return true;
	}

	private static final class Window {

		private long loggedAt = Long.MIN_VALUE;

		private final AtomicLong suppressed = new AtomicLong();

	}

}
