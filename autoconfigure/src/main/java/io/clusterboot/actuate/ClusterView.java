package io.clusterboot.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.clusterboot.actuate.ClusterEndpoint.ClusterDescriptor;
import io.clusterboot.actuate.ClusterEndpoint.PeerDescriptor;
import io.clusterboot.actuate.ClusterViewDescriptor.Cell;
import io.clusterboot.actuate.ClusterViewDescriptor.NodeView;

/**
 * Puts the views of every node together and says, in words, what is wrong with the whole: nodes
 * that do not answer, links down in one direction or both, a node nobody reaches, a node with another
 * cookie. Pure: it reads only the views it is given.
 */
final class ClusterView {

	private ClusterView() {
	}

	/**
	 * What one asked node answered.
	 *
	 * @param descriptor its view, or {@code null} if it did not answer
	 * @param error why it did not answer
	 * @param protocolVersion the protocol version the asking node speaks with it
	 */
	record Answer(@Nullable ClusterDescriptor descriptor, @Nullable String error, @Nullable Integer protocolVersion) {
	}

	/**
	 * Builds the whole-cluster view.
	 * @param self the asking node's own view
	 * @param answers each connected node's answer, by name
	 * @return the view
	 */
	static ClusterViewDescriptor of(ClusterDescriptor self, Map<String, Answer> answers) {
		String selfName = Objects.requireNonNullElse(self.node(), "this node");
		Map<String, Answer> rows = new LinkedHashMap<>();
		rows.put(selfName, new Answer(self, null, null));
		new TreeMap<>(answers).forEach(rows::put);
		Set<String> nodes = new TreeSet<>(rows.keySet());
		for (Answer answer : rows.values()) {
			if (answer.descriptor() != null) {
				answer.descriptor().peers().stream().map(ClusterView::key).forEach(nodes::add);
			}
		}
		List<NodeView> views = new ArrayList<>();
		rows.forEach((name, answer) -> views.add(view(name, answer, self.cookieFingerprint())));
		List<String> problems = problems(views, nodes);
		String verdict = problems.isEmpty() ? "Full mesh of " + nodes.size() + ((nodes.size() == 1) ? " node" : " nodes")
				: summary(problems);
		return new ClusterViewDescriptor(selfName, verdict, problems.isEmpty(), problems, List.copyOf(nodes), views);
	}

	private static NodeView view(String name, Answer answer, String ownCookie) {
		ClusterDescriptor descriptor = answer.descriptor();
		if (descriptor == null) {
			return new NodeView(name, false, answer.error(), null, null, null, false, answer.protocolVersion(), null,
					Map.of());
		}
		Map<String, Cell> peers = new TreeMap<>();
		for (PeerDescriptor peer : descriptor.peers()) {
			if (!key(peer).equals(name)) {
				peers.put(key(peer), new Cell(peer.state(), peer.rttMillis(), peer.lastError()));
			}
		}
		return new NodeView(name, true, null, descriptor.strategy(), descriptor.discovery().error(),
				descriptor.cookieFingerprint(), !descriptor.cookieFingerprint().equals(ownCookie),
				answer.protocolVersion(), descriptor.uptime(), peers);
	}

	// Links are looked at from every node that answered. A node that every other answering node fails
	// to reach is one problem, not one per link; a link down both ways is one problem, not two.
	private static List<String> problems(List<NodeView> views, Set<String> nodes) {
		List<String> problems = new ArrayList<>();
		Map<String, NodeView> answered = new LinkedHashMap<>();
		views.stream().filter(NodeView::answered).forEach((view) -> answered.put(view.node(), view));
		Map<String, Map<String, Cell>> missing = new TreeMap<>();
		for (NodeView row : answered.values()) {
			for (String column : nodes) {
				Cell cell = row.peers().get(column);
				if (!column.equals(row.node()) && (cell == null || !"connected".equals(cell.state()))) {
					missing.computeIfAbsent(row.node(), (r) -> new TreeMap<>())
						.put(column, (cell != null) ? cell : new Cell("unknown", null, null));
				}
			}
		}
		Set<String> isolated = new TreeSet<>();
		for (String column : nodes) {
			List<NodeView> others = answered.values().stream().filter((row) -> !row.node().equals(column)).toList();
			if (others.size() > 1 && others.stream()
				.allMatch((row) -> missing.getOrDefault(row.node(), Map.of()).containsKey(column))) {
				isolated.add(column);
				Set<String> reasons = new TreeSet<>();
				others.forEach((row) -> reasons.add(describe(missing.get(row.node()).get(column))));
				problems.add(column + " is connected to none of the " + others.size() + " nodes that answered: "
						+ ((reasons.size() == 1) ? "every one reports " : "they report ") + String.join(", ", reasons));
			}
		}
		Set<String> told = new TreeSet<>();
		missing.forEach((row, columns) -> columns.forEach((column, cell) -> {
			if (isolated.contains(column) || isolated.contains(row) || told.contains(column + "|" + row)) {
				return;
			}
			Cell back = missing.getOrDefault(column, Map.of()).get(row);
			if (back != null) {
				told.add(row + "|" + column);
				problems.add(row + " and " + column + " are not connected to each other (" + row + " reports "
						+ describe(cell) + ", " + column + " " + describe(back) + ")");
			}
			else if (answered.containsKey(column)) {
				problems.add(row + " is not connected to " + column + " (" + describe(cell) + "), though " + column
						+ " sees it connected");
			}
			else {
				problems.add(row + " is not connected to " + column + " (" + describe(cell) + ")");
			}
		}));
		for (NodeView view : views) {
			if (!view.answered()) {
				problems.add(view.node() + " did not answer: " + view.error());
			}
			else if (view.otherCookie()) {
				problems.add(view.node() + " uses another cookie (" + view.cookieFingerprint() + ")");
			}
		}
		return problems;
	}

	// A peer that never completed a handshake (another cookie, nothing listening) is known by its address.
	private static String key(PeerDescriptor peer) {
		return (peer.name() != null) ? peer.name() : peer.address();
	}

	private static String describe(Cell cell) {
		if ("unknown".equals(cell.state())) {
			return "it does not know it";
		}
		return cell.state() + ((cell.reason() != null) ? ": " + cell.reason() : "");
	}

	private static String summary(List<String> problems) {
		String first = problems.get(0);
		return (problems.size() == 1) ? first : first + " (and " + (problems.size() - 1) + " more)";
	}

}
