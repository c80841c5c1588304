package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Median, min and max of a set of samples, in one unit.
 *
 * @param median the median (the mean of the two middle samples for an even count)
 * @param min the smallest sample
 * @param max the largest sample
 * @param count how many samples
 */
record Stats(double median, double min, double max, int count) {

	static Stats of(List<Double> samples) {
		if (samples.isEmpty()) {
			throw new IllegalArgumentException("No samples");
		}
		List<Double> sorted = new ArrayList<>(samples);
		Collections.sort(sorted);
		int n = sorted.size();
		double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
	}

	/** {@code 12.3 (11.0–14.1, n=5)}, with as many decimals as the size of the numbers calls for. */
	String format() {
		return number(this.median) + " (" + number(this.min) + "–" + number(this.max) + ", n=" + this.count + ")";
	}

	static String number(double value) {
		double abs = Math.abs(value);
		String pattern = (abs >= 100) ? "%.0f" : (abs >= 10) ? "%.1f" : (abs >= 1) ? "%.2f" : "%.3f";
		return String.format(Locale.ROOT, pattern, value);
	}

}
