package io.clusterboot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.samskivert.mustache.Template;
import org.jspecify.annotations.Nullable;

import io.clusterboot.actuate.ClusterViewDescriptor.Cell;
import io.clusterboot.actuate.ClusterViewDescriptor.NodeView;
import io.clusterboot.actuate.PageTemplates.Refresh;
import io.clusterboot.actuate.PageTemplates.RefreshChoice;

/**
 * Renders the whole-cluster page: the verdict, what is wrong, and the matrix of every node's view of
 * every other, from the same descriptor the JSON shows. Every value from the network is escaped by
 * the template.
 */
final class ClusterViewPage {

	private final java.util.function.Supplier<Template> template = PageTemplates.lazily("cluster-view");

	/**
	 * Renders the page.
	 * @param view what to show
	 * @param refresh reload every so many seconds, or {@code null} for never
	 * @param now the time the page is rendered at
	 * @return the HTML
	 */
	String render(ClusterViewDescriptor view, @Nullable Integer refresh, Instant now) {
		Integer seconds = PageTemplates.refreshSeconds(refresh);
		List<Row> rows = view.views().stream().map((node) -> row(node, view.nodes())).toList();
		return this.template.get().execute(new Page(view.node(), view.verdict(), view.fullMesh() ? "ok" : "bad",
				view.problems(), !view.problems().isEmpty(), view.nodes(), rows,
				(seconds != null) ? new Refresh(seconds) : null, PageTemplates.refreshChoices(seconds),
				now.truncatedTo(ChronoUnit.SECONDS).toString()));
	}

	private static Row row(NodeView node, List<String> columns) {
		List<CellView> cells = new ArrayList<>();
		for (String column : columns) {
			if (column.equals(node.node())) {
				cells.add(new CellView(true, "self", "", node.node()));
				continue;
			}
			Cell cell = node.peers().get(column);
			if (cell == null) {
				cells.add(new CellView(false, "unknown", "unknown", node.node() + " does not know " + column));
				continue;
			}
			String text = "connected".equals(cell.state())
					? ((cell.rttMillis() != null) ? ClusterPage.millis(cell.rttMillis()) : "connected")
					: cell.state() + ((cell.reason() != null) ? ": " + cell.reason() : "");
			cells.add(new CellView(false, cell.state(), text, node.node() + " → " + column + ": " + text));
		}
		String uptime = (node.uptime() != null) ? ClusterPage.human(Duration.parse(node.uptime())) : null;
		String protocol = (node.protocolVersion() != null) ? String.valueOf(node.protocolVersion()) : "–";
		return new Row(node.node(), node.answered(), node.error(), columns.size(), cells, node.strategy(),
				node.cookieFingerprint(), node.otherCookie(), protocol, uptime, node.discoveryError());
	}

	record Page(String node, String verdict, String verdictClass, List<String> problems, boolean hasProblems,
			List<String> columns, List<Row> rows, @Nullable Refresh refresh, List<RefreshChoice> refreshChoices,
			String generatedAt) {
	}

	record Row(String node, boolean answered, @Nullable String error, int span, List<CellView> cells,
			@Nullable String strategy, @Nullable String cookieFingerprint, boolean otherCookie, String protocol,
			@Nullable String uptime, @Nullable String discoveryError) {
	}

	record CellView(boolean self, String state, String text, String title) {
	}

}
