package io.clusterboot.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three sample-app JVMs on 127.0.0.2-4 form a mesh; a killed process is seen down at once, a
 * stopped one by heartbeat timeout, and a resumed one rejoins.
 */
class ProcessClusterIT {

	private static final String HOSTS[] = { "127.0.0.2", "127.0.0.3", "127.0.0.4" };

	@TempDir
	Path logs;

	private final List<SampleNode> nodes = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (SampleNode node : this.nodes) {
			node.close();
		}
	}

	@Test
	void threeProcessesFormAMeshAndSeeCrashesHangsAndReturns() throws Exception {
		SampleNode a = start(0);
		SampleNode b = start(1);
		SampleNode c = start(2);
		for (SampleNode node : List.of(a, b, c)) {
			for (SampleNode other : List.of(a, b, c)) {
				if (other != node) {
					node.awaitLog(up(other), 1);
				}
			}
		}
		// Each node's /actuator/cluster lists the other two as connected.
		for (SampleNode node : List.of(a, b, c)) {
			String json = node.get("/actuator/cluster");
			for (SampleNode other : List.of(a, b, c)) {
				String expected = "\"name\":\"" + other.name() + "\"";
				if (other == node) {
					assertThat(json).contains("\"node\":\"" + node.name() + "\"").doesNotContain(expected);
				}
				else {
					assertThat(json).contains(expected);
				}
			}
			assertThat(json.split("\"state\":\"connected\"", -1)).hasSize(3);
			assertThat(json).doesNotContain(SampleNode.COOKIE);
		}

		// Messaging across the processes: a request to each peer, and a broadcast that both receive.
		String pings = a.get("/demo/ping");
		assertThat(pings).contains("pong from " + b.name()).contains("pong from " + c.name())
			.contains("\"failures\":[]");
		assertThat(a.post("/demo/broadcast", "hello from the test")).contains("\"sentTo\":2");
		for (SampleNode receiver : List.of(b, c)) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(receiver.get("/demo/notes"))
					.contains("{\"from\":\"" + a.name() + "\",\"text\":\"hello from the test\"}"));
		}

		// The whole cluster from one node: every process answers with its own view.
		assertThat(a.get("/actuator/cluster?scope=cluster")).contains("\"verdict\":\"Full mesh of 3 nodes\"")
			.doesNotContain(SampleNode.COOKIE);

		// kill -9: the kernel closes the sockets, so the others see it at once.
		c.kill();
		a.awaitLog(down(c, "connection-closed"), 1);
		b.awaitLog(down(c, "connection-closed"), 1);

		SampleNode restarted = start(2);
		a.awaitLog(up(restarted), 2);
		b.awaitLog(up(restarted), 2);

		// kill -STOP: sockets stay open but nothing is answered, so only heartbeats can tell.
		restarted.signal("STOP");
		a.awaitLog(down(restarted, "heartbeat-timeout"), 1);
		b.awaitLog(down(restarted, "heartbeat-timeout"), 1);

		// ...and the whole-cluster view says so in one line.
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(a.get("/actuator/cluster?scope=cluster")).contains("\"verdict\":\""
					+ restarted.name() + " is connected to none of the 2 nodes that answered: every one reports down"));

		restarted.signal("CONT");
		a.awaitLog(up(restarted), 3);
		b.awaitLog(up(restarted), 3);
		restarted.awaitLog(up(a), 2);
		restarted.awaitLog(up(b), 2);

		for (SampleNode node : this.nodes) {
			assertThat(node.output()).doesNotContain(SampleNode.COOKIE).doesNotContain("Exception in");
		}
	}

	private SampleNode start(int index) throws Exception {
		List<String> peers = new ArrayList<>(List.of(HOSTS));
		peers.remove(HOSTS[index]);
		SampleNode node = SampleNode.start(HOSTS[index], this.logs, peers);
		this.nodes.add(node);
		return node;
	}

	private static String up(SampleNode node) {
		return "Node up: " + quote(node.name()) + " at ";
	}

	private static String down(SampleNode node, String reason) {
		return "Node down: " + quote(node.name()) + " at \\S+ \\(" + reason + "\\)";
	}

	private static String quote(String text) {
		return text.replace(".", "\\.");
	}

}
