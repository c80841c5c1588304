package io.clusterboot.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A membership event printed by a node ({@code [bench] up NAME NANOS} or
 * {@code [bench] down NAME NANOS REASON [DETECTED_NANOS]}), the same for ClusterBoot and Erlang nodes; a
 * ClusterBoot node adds when its membership thread took the close in.
 *
 * @param up whether the peer came up
 * @param peer the peer's node name
 * @param epochNanos when, on the machine's wall clock
 * @param reason why it went down, or {@code null}
 * @param detectedNanos when a ClusterBoot node's membership thread took the close in, on the same clock;
 * 0 if the line does not say
 */
record Event(boolean up, String peer, long epochNanos, String reason, long detectedNanos) {

	// A ClusterBoot reason is one word (connection-closed); an Erlang reason may be any term.
	private static final Pattern DETECTED = Pattern.compile("(\\S+) ([0-9]{12,})");

	static Event parse(String line) {
		String[] parts = line.trim().split(" ", 5);
		if (parts.length < 4 || !parts[0].equals("[bench]") || !(parts[1].equals("up") || parts[1].equals("down"))) {
			return null;
		}
		try {
			String reason = (parts.length > 4) ? parts[4] : null;
			long detected = 0;
			Matcher tail = DETECTED.matcher((reason != null) ? reason : "");
			if (tail.matches()) {
				reason = tail.group(1);
				detected = Long.parseLong(tail.group(2));
			}
			return new Event(parts[1].equals("up"), parts[2], Long.parseLong(parts[3]), reason, detected);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
