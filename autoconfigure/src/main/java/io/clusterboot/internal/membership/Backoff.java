package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, after Kafka's {@code ExponentialBackoff}: the n-th consecutive
 * failure waits {@code initial × 2^(n-1)}, capped at {@code max}, each wait spread by ±20 % so that
 * nodes that failed together do not retry together.
 */
public final class Backoff {

	private static final double JITTER = 0.2;

	private final long initialNanos;

	private final long maxNanos;

	public Backoff(Duration initial, Duration max) {
		if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("Backoff needs 0 < initial (" + initial + ") <= max (" + max + ")");
		}
		this.initialNanos = initial.toNanos();
		this.maxNanos = max.toNanos();
	}

	/**
	 * How long to wait after a number of consecutive failures.
	 * @param failures the consecutive failures so far, at least 1
	 * @return the wait
	 */
	public Duration delay(int failures) {
		int exponent = Math.min(Math.max(failures, 1) - 1, 40);
		double base = Math.min((double) this.maxNanos, this.initialNanos * Math.pow(2, exponent));
		double jitter = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
		return Duration.ofNanos((long) Math.min(this.maxNanos, base * jitter));
	}

}
