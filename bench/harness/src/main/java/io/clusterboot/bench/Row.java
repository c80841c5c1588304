package io.clusterboot.bench;

import java.util.Locale;

/**
 * One line of the results table.
 *
 * @param figure the figure number
 * @param what what was measured, with its unit
 * @param clusterBoot ClusterBoot's result
 * @param erlang Erlang's result under the same measurement, or {@code null} where it has none
 * @param goal the goal, or an empty string
 * @param verdict whether the goal is met ("met", "missed", or a remark)
 */
record Row(String figure, String what, Result clusterBoot, Result erlang, String goal, String verdict) {

	/** A measured value, or why there is none. */
	record Result(Stats stats, String note) {

		static Result of(Stats stats) {
			return new Result(stats, null);
		}

		static Result note(String note) {
			return new Result(null, note);
		}

		@Override
		public String toString() {
			return (this.stats != null) ? this.stats.format() : this.note;
		}

	}

	/** ClusterBoot's median over Erlang's, or a dash. */
	String ratio() {
		if (this.clusterBoot == null || this.erlang == null || this.clusterBoot.stats() == null
				|| this.erlang.stats() == null || this.erlang.stats().median() == 0) {
			return "—";
		}
		return String.format(Locale.ROOT, "%.2f×", this.clusterBoot.stats().median() / this.erlang.stats().median());
	}

	String erlangText() {
		return (this.erlang != null) ? this.erlang.toString() : "—";
	}

}
