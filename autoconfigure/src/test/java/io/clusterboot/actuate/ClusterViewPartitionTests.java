package io.clusterboot.actuate;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.messaging.JsonPayloadCodec;
import io.clusterboot.internal.messaging.Messenger;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.testsupport.ControlledDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole-cluster view of real nodes on 127.0.0.42-44 when only the link between two of them is cut
 * (iptables in the root namespace, on loopback addresses no other test uses, removed afterwards): the
 * view from the third node names exactly that pair, in one line. Where iptables cannot be used (not
 * root) the test is skipped, unless {@code CLUSTERBOOT_REQUIRE_NETFILTER} is set, as CI sets it.
 */
class ClusterViewPartitionTests {

	private static final String A = "127.0.0.42";

	private static final String B = "127.0.0.43";

	private static final String C = "127.0.0.44";

	private static final String RULE_COMMENT = "clusterboot-view-test";

	private final TestNodes nodes = new TestNodes();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final List<List<String>> rules = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (List<String> rule : this.rules) {
			iptables("-D", rule);
		}
		this.nodes.close();
		this.pool.shutdownNow();
	}

	@Test
	void aLinkCutBetweenTwoNodesIsNamedFromTheThird() throws Exception {
		requireIptables();
		int port = TestNodes.freePort(A, B, C);
		List<ClusterEndpoint> endpoints = new ArrayList<>();
		List<ClusterNode> cluster = new ArrayList<>();
		for (String host : List.of(A, B, C)) {
			ControlledDiscovery discovery = new ControlledDiscovery("static")
				.find(Set.of(new PeerAddress(A, port), new PeerAddress(B, port), new PeerAddress(C, port)));
			ClusterNode node = new ClusterNode(TestNodes.settings(host, port), Cookie.of(TestNodes.COOKIE), discovery);
			Messenger messenger = new Messenger(node, new JsonPayloadCodec(new JsonMapper()), this.pool,
					Duration.ofSeconds(5), 64 * 1024);
			ClusterEndpoint endpoint = new ClusterEndpoint(node, messenger, Instant.now(), Clock.systemUTC(),
					Duration.ofSeconds(2));
			messenger.registerReserved(ClusterEndpoint.VIEW_TOPIC, (sender, payload) -> endpoint.describe());
			this.nodes.adopt(node.start());
			cluster.add(node);
			endpoints.add(endpoint);
		}
		TestNodes.awaitFullMesh(cluster);
		ClusterEndpoint fromA = endpoints.get(0);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(fromA.view(Instant.now()).verdict()).isEqualTo("Full mesh of 3 nodes"));

		cut(B, C);
		cut(C, B);
		String pair = "node@" + B + " and node@" + C + " are not connected to each other";
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			ClusterViewDescriptor view = fromA.view(Instant.now());
			assertThat(view.problems()).singleElement().asString().startsWith(pair);
			assertThat(view.verdict()).startsWith(pair);
			assertThat(view.views()).allSatisfy((row) -> assertThat(row.answered()).isTrue());
		});
		String html = (String) fromA.cluster(ClusterFormat.HTML, null, "cluster").getBody();
		assertThat(html).contains("id=\"verdict\">" + pair);
	}

	private void cut(String from, String to) throws Exception {
		List<String> rule = List.of("INPUT", "-s", from, "-d", to, "-m", "comment", "--comment", RULE_COMMENT, "-j",
				"DROP");
		iptables("-I", rule);
		this.rules.add(rule);
	}

	private static void requireIptables() throws Exception {
		boolean usable;
		try {
			usable = run(List.of("iptables", "-w", "-L", "INPUT", "-n")) == 0;
		}
		catch (IOException ex) {
			usable = false;
		}
		if (!usable && System.getenv("CLUSTERBOOT_REQUIRE_NETFILTER") != null) {
			throw new IllegalStateException("iptables is needed (and root) for this test: apt-get install -y iptables");
		}
		Assumptions.assumeTrue(usable, "iptables is not usable here (not root, or not installed): skipped");
	}

	private static void iptables(String action, List<String> rule) throws Exception {
		List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
		command.addAll(rule);
		int exit = run(command);
		if (exit != 0) {
			throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
		}
	}

	private static int run(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return -1;
		}
		return process.exitValue();
	}

}
