package io.clusterboot.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.clusterboot.actuate.ClusterViewDescriptor.Cell;
import io.clusterboot.actuate.ClusterViewDescriptor.NodeView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole-cluster page: one self-contained HTML page without scripts, every string from the network
 * escaped, the matrix coloured by state.
 */
class ClusterViewPageTests {

	private static final String HOSTILE = ClusterPageTests.HOSTILE;

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final ClusterViewPage page = new ClusterViewPage();

	@Test
	void showsTheVerdictTheProblemsAndTheMatrix() {
		String html = this.page.render(view("b and c are not connected to each other", "b", "c"), null, NOW);
		assertThat(html).contains("<p class=\"verdict bad\" id=\"verdict\">b and c are not connected to each other</p>")
			.contains("<li>b and c are not connected to each other</li>")
			.contains("class=\"cell state-down\"")
			.contains("down: heartbeat-timeout")
			.contains("0.25 ms")
			.contains("no answer: timeout")
			.contains("class=\"other-cookie\"")
			.doesNotContain("<script")
			.doesNotContain("http-equiv=\"refresh\"");
		assertThat(this.page.render(view("b and c are not connected to each other", "b", "c"), 5, NOW))
			.contains("<meta http-equiv=\"refresh\" content=\"5\">");
	}

	@Test
	void escapesEveryStringFromTheNetwork() {
		String html = this.page.render(view(HOSTILE, HOSTILE, HOSTILE + "2"), null, NOW);
		assertThat(html).doesNotContain("<script").doesNotContain("<b id");
		assertThat(html).contains("&lt;script&gt;document.title&#x3D;&#39;pwned&#39;&lt;/script&gt;");
	}

	private static ClusterViewDescriptor view(String problem, String b, String c) {
		NodeView a = new NodeView("a", true, null, "static", null, "SHA256:00", false, null, "PT1M",
				Map.of(b, new Cell("connected", 0.25, null), c, new Cell("connected", 0.3, null)));
		NodeView rowB = new NodeView(b, true, null, "static", HOSTILE.equals(b) ? HOSTILE : null, "SHA256:ff", true, 2,
				"PT2M", Map.of("a", new Cell("connected", 0.2, null), c, new Cell("down", null, "heartbeat-timeout")));
		NodeView rowC = new NodeView(c, false, c.startsWith(HOSTILE) ? HOSTILE : "timeout", null, null, null, false, 2, null,
				Map.of());
		return new ClusterViewDescriptor("a", problem, false, List.of(problem), List.of("a", b, c).stream().distinct().toList(),
				List.of(a, rowB, rowC));
	}

}
