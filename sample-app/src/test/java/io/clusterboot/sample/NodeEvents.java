package io.clusterboot.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node-up and node-down lines of a node's log, with their timestamps, as an operator would read
 * them.
 */
final class NodeEvents {

	private static final Pattern LINE = Pattern.compile(
			"(?m)^(\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(?:Z|[+-]\\d\\d:\\d\\d))\\s+INFO .*? Node (up|down): (\\S+) at (\\S+) \\(([^)]*)\\)");

	private NodeEvents() {
	}

	/**
	 * One line.
	 * @param at when it was logged
	 * @param up whether the peer came up (else it went down)
	 * @param peer the peer's node name
	 * @param detail {@code dialled}/{@code accepted} for an up, the reason for a down
	 */
	record Event(Instant at, boolean up, String peer, String detail) {
	}

	static List<Event> of(SampleNode node) {
		List<Event> events = new ArrayList<>();
		Matcher matcher = LINE.matcher(node.output());
		while (matcher.find()) {
			events.add(new Event(java.time.OffsetDateTime.parse(matcher.group(1)).toInstant(),
					matcher.group(2).equals("up"), matcher.group(3), matcher.group(5)));
		}
		return events;
	}

	/** The events about one peer at or after a time. */
	static List<Event> about(SampleNode node, String peer, Instant from) {
		return of(node).stream().filter((e) -> e.peer().equals(peer) && !e.at().isBefore(from)).toList();
	}

	/** Whether the node's last word on the peer is that it is up. */
	static boolean isUp(SampleNode node, String peer) {
		List<Event> about = of(node).stream().filter((e) -> e.peer().equals(peer)).toList();
		return !about.isEmpty() && about.get(about.size() - 1).up();
	}

}
