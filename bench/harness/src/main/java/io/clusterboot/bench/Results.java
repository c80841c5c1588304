package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The rows gathered so far; a figure that fails leaves a row saying why, and the run goes on. */
final class Results {

	private final List<Row> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	void add(Row row) {
		this.rows.add(row);
		System.out.println("  " + row.what() + ": ClusterBoot " + row.clusterBoot() + " | Erlang " + row.erlangText()
				+ " | " + row.ratio() + " " + row.verdict());
	}

	/** A remark for RESULTS.md's notes, e.g. what the figure observed besides its numbers. */
	void note(String note) {
		this.notes.add(note);
		System.out.println("  note: " + note);
	}

	List<Row> rows() {
		return this.rows;
	}

	List<String> notes() {
		return this.notes;
	}

	static Row.Result attempt(Supplier<Stats> measurement, String what) {
		try {
			return Row.Result.of(measurement.get());
		}
		catch (RuntimeException ex) {
			System.out.println("  " + what + " failed: " + ex);
			ex.printStackTrace(System.out);
			return Row.Result.note("failed: " + ex.getMessage());
		}
	}

	static String verdict(boolean met) {
		return met ? "met" : "**missed**";
	}

}
