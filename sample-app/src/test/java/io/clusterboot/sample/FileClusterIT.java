package io.clusterboot.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@code file} profile across processes: two nodes on 127.0.0.2-3 read one hosts file
 * and connect; a third, started from a file that lists nobody, is brought in by a line added to the
 * first file; the file deleted is an error on the page while the mesh stands.
 */
class FileClusterIT {

	@TempDir
	Path folder;

	private final List<SampleNode> nodes = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (SampleNode node : this.nodes) {
			node.close();
		}
	}

	@Test
	void processesFindEachOtherInOneFileAndFollowItsChanges() throws Exception {
		int port = SampleNode.CLUSTER_PORT + 7;
		Path hosts = Files.writeString(this.folder.resolve("cluster-hosts"),
				"# the sample cluster\n127.0.0.2\n127.0.0.3:" + port + "\n");
		Path nobody = Files.writeString(this.folder.resolve("nobody-yet"), "");
		SampleNode a = start("127.0.0.2", port, hosts);
		SampleNode b = start("127.0.0.3", port, hosts);
		a.awaitLog("Node up: sample@127\\.0\\.0\\.3 at ", 1);
		b.awaitLog("Node up: sample@127\\.0\\.0\\.2 at ", 1);

		SampleNode c = start("127.0.0.4", port, nobody);
		c.awaitLog("Cluster node sample@127\\.0\\.0\\.4 listening", 1);
		Files.writeString(hosts, "127.0.0.4\n", StandardOpenOption.APPEND);
		for (SampleNode node : List.of(a, b)) {
			node.awaitLog("Node up: sample@127\\.0\\.0\\.4 at ", 1);
		}
		c.awaitLog("Node up: sample@127\\.0\\.0\\.2 at ", 1);
		c.awaitLog("Node up: sample@127\\.0\\.0\\.3 at ", 1);

		Files.delete(hosts);
		Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			String json = a.get("/actuator/cluster");
			assertThat(json).contains("\"strategy\":\"file\"").contains("cluster-hosts does not exist (cluster.discovery.file.path)");
			assertThat(json.split("\"state\":\"connected\"", -1)).hasSize(3);
		});
		for (SampleNode node : this.nodes) {
			assertThat(node.output()).doesNotContain(SampleNode.COOKIE).doesNotContain("Exception in")
				.doesNotContain("Node down");
		}
	}

	private SampleNode start(String host, int port, Path hosts) throws Exception {
		// A long poll interval: what brings a node in is the watch on the file's folder.
		SampleNode node = SampleNode.launch(host, this.folder, List.of(),
				List.of("--spring.profiles.active=file", "--server.address=" + host, "--cluster.node.host=" + host,
						"--cluster.transport.port=" + port, "--cluster.discovery.poll-interval=10m",
						"--cluster.discovery.file.path=" + hosts),
				SampleNode.COOKIE);
		this.nodes.add(node);
		return node;
	}

}
