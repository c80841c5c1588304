package io.clusterboot.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people write them in log lines and on the page: {@code 166 ms}, {@code 5s},
 * {@code 2m 05s}, {@code 3h 04m}, {@code 1d 2h} (never {@code PT5S}).
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Writes a duration for people.
	 * @param duration the duration
	 * @return the text
	 */
	public static String human(Duration duration) {
		if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
			return Math.max(0, duration.toMillis()) + " ms";
		}
		long seconds = duration.getSeconds();
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
		}
		if (seconds < 86400) {
			return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
		}
		return String.format(Locale.ROOT, "%dd %dh", seconds / 86400, (seconds % 86400) / 3600);
	}

}
