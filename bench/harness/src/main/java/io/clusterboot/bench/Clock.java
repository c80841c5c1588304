package io.clusterboot.bench;

import java.time.Instant;

/** The wall clock in nanoseconds: the one clock that every process on this machine shares. */
final class Clock {

	private Clock() {
	}

	static long now() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
