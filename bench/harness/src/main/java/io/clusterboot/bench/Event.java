package io.clusterboot.bench;

/**
 * A membership event printed by a node ({@code [bench] up NAME NANOS} or
 * {@code [bench] down NAME NANOS REASON}), the same for ClusterBoot and Erlang nodes.
 *
 * @param up whether the peer came up
 * @param peer the peer's node name
 * @param epochNanos when, on the machine's wall clock
 * @param reason why it went down, or {@code null}
 */
record Event(boolean up, String peer, long epochNanos, String reason) {

	static Event parse(String line) {
		String[] parts = line.trim().split(" ", 5);
		if (parts.length < 4 || !parts[0].equals("[bench]") || !(parts[1].equals("up") || parts[1].equals("down"))) {
			return null;
		}
		try {
			return new Event(parts[1].equals("up"), parts[2], Long.parseLong(parts[3]),
					(parts.length > 4) ? parts[4] : null);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
