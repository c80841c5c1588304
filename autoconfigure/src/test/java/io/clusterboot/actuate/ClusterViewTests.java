package io.clusterboot.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.clusterboot.actuate.ClusterEndpoint.ClusterDescriptor;
import io.clusterboot.actuate.ClusterEndpoint.DiscoveryDescriptor;
import io.clusterboot.actuate.ClusterEndpoint.MessagingDescriptor;
import io.clusterboot.actuate.ClusterEndpoint.PeerDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict of the whole-cluster view, from views made up here: what an operator reads first must
 * name exactly what is wrong, once, in words.
 */
class ClusterViewTests {

	private static final String COOKIE = "SHA256:00112233445566778899aabbccddeeff";

	@Test
	void threeNodesThatAllSeeEachOtherAreAFullMesh() {
		ClusterViewDescriptor view = ClusterView.of(node("a", COOKIE, up("b"), up("c")),
				answers(node("b", COOKIE, up("a"), up("c")), node("c", COOKIE, up("a"), up("b"))));
		assertThat(view.verdict()).isEqualTo("Full mesh of 3 nodes");
		assertThat(view.fullMesh()).isTrue();
		assertThat(view.problems()).isEmpty();
		assertThat(view.nodes()).containsExactly("a", "b", "c");
		assertThat(view.views()).extracting(ClusterViewDescriptor.NodeView::node).containsExactly("a", "b", "c");
	}

	@Test
	void aLinkCutBetweenTwoNodesThatBothReachTheRestIsOneProblemNamingThePair() {
		ClusterViewDescriptor view = ClusterView.of(node("a", COOKIE, up("b"), up("c")), answers(
				node("b", COOKIE, up("a"), down("c", "heartbeat-timeout")),
				node("c", COOKIE, up("a"), down("b", "unreachable"))));
		assertThat(view.fullMesh()).isFalse();
		assertThat(view.problems()).containsExactly(
				"b and c are not connected to each other (b reports down: heartbeat-timeout, c down: unreachable)");
		assertThat(view.verdict()).isEqualTo(view.problems().get(0));
	}

	@Test
	void aNodeWithAnotherCookieIsRejectedByEveryoneAndShownByItsAddress() {
		ClusterViewDescriptor view = ClusterView.of(node("a", COOKIE, up("b"), up("c"), rejected("127.0.0.5:4370")),
				answers(node("b", COOKIE, up("a"), up("c"), rejected("127.0.0.5:4370")),
						node("c", COOKIE, up("a"), up("b"), rejected("127.0.0.5:4370"))));
		assertThat(view.nodes()).containsExactly("127.0.0.5:4370", "a", "b", "c");
		assertThat(view.problems()).containsExactly(
				"127.0.0.5:4370 is connected to none of the 3 nodes that answered: every one reports rejected: bad-cookie");
	}

	@Test
	void aNodeThatDoesNotAnswerIsShownAsSuchNeverDropped() {
		Map<String, ClusterView.Answer> answers = answers(node("b", COOKIE, up("a"), up("c")));
		answers.put("c", new ClusterView.Answer(null, "no answer within 2000 ms", 2));
		ClusterViewDescriptor view = ClusterView.of(node("a", COOKIE, up("b"), up("c")), answers);
		assertThat(view.views()).filteredOn((v) -> v.node().equals("c"))
			.singleElement()
			.satisfies((v) -> assertThat(v.answered()).isFalse());
		assertThat(view.problems()).containsExactly("c did not answer: no answer within 2000 ms");
	}

	@Test
	void aLinkSeenDownFromOneSideOnlyIsSaidToBeOneWay() {
		ClusterViewDescriptor view = ClusterView.of(node("a", COOKIE, up("b")),
				answers(node("b", COOKIE, down("a", "connection-closed"))));
		assertThat(view.problems()).containsExactly("b is not connected to a (down: connection-closed), though a sees it connected");
	}

	@Test
	void aNodeWithAnotherCookieThatStillAnswersIsHighlighted() {
		ClusterViewDescriptor view = ClusterView.of(node("a", COOKIE, up("b")),
				answers(node("b", "SHA256:ffff", up("a"))));
		assertThat(view.views().get(1).otherCookie()).isTrue();
		assertThat(view.problems()).containsExactly("b uses another cookie (SHA256:ffff)");
	}

	private static Map<String, ClusterView.Answer> answers(ClusterDescriptor... nodes) {
		Map<String, ClusterView.Answer> answers = new TreeMap<>();
		for (ClusterDescriptor node : nodes) {
			answers.put(node.node(), new ClusterView.Answer(node, null, 2));
		}
		return answers;
	}

	private static ClusterDescriptor node(String name, String cookie, PeerDescriptor... peers) {
		return new ClusterDescriptor(name, "static", cookie, List.of(), "PT1M",
				new DiscoveryDescriptor("static", null, null, List.of(), null), new ArrayList<>(List.of(peers)),
				new MessagingDescriptor(List.of(), Map.of()), null);
	}

	private static PeerDescriptor up(String name) {
		return new PeerDescriptor(name, name + ":4370", "connected", null, 0.25, null, null, 2, COOKIE, null);
	}

	private static PeerDescriptor down(String name, String reason) {
		return new PeerDescriptor(name, name + ":4370", "down", null, null, reason, null, null, null, null);
	}

	private static PeerDescriptor rejected(String address) {
		return new PeerDescriptor(null, address, "rejected", null, null, "bad-cookie", null, null, null, null);
	}

}
