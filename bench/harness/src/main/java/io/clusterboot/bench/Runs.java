package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Repeats a measurement and summarises it. */
final class Runs {

	private Runs() {
	}

	/** Runs {@code measurement} {@code count} times (run index given) and returns the statistics. */
	static Stats repeat(int count, String what, IntToDoubleFunction measurement) {
		List<Double> samples = new ArrayList<>();
		for (int run = 0; run < count; run++) {
			double sample = measurement.applyAsDouble(run);
			System.out.println("    " + what + " run " + (run + 1) + "/" + count + ": " + Stats.number(sample));
			samples.add(sample);
		}
		return Stats.of(samples);
	}

}
