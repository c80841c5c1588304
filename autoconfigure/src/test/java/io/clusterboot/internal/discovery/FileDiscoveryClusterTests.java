package io.clusterboot.internal.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.clusterboot.DiscoveryStatus;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes on 127.0.0.2-5 that all read one hosts file: they form a mesh from it, a line added brings a
 * fourth in without a restart, and a file deleted or broken is an error on every node while the mesh
 * stays as it was.
 */
class FileDiscoveryClusterTests {

	private static final String[] HOSTS = { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5" };

	@TempDir
	Path folder;

	private final TestNodes nodes = new TestNodes();

	@AfterEach
	void stop() {
		this.nodes.close();
	}

	@Test
	void aMeshFromOneFileGrowsWhenALineIsAddedAndSurvivesTheFileBreaking() throws Exception {
		int port = TestNodes.freePort(HOSTS);
		Path hosts = this.folder.resolve("cluster-hosts");
		Files.writeString(hosts, "# three nodes, the cluster port is the default\n127.0.0.2\n127.0.0.3\n127.0.0.4:" + port + "\n");
		List<ClusterNode> cluster = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			cluster.add(start(HOSTS[i], port, hosts));
		}
		TestNodes.awaitFullMesh(cluster);

		// A fourth node starts from a file that lists nobody yet, so it dials no one: the line added to
		// the others' file is what brings it in, without a restart.
		Path empty = Files.writeString(this.folder.resolve("nobody-yet"), "# nobody yet\n");
		ClusterNode fourth = start(HOSTS[3], port, empty);
		assertThat(fourth.connectedMembers()).isEmpty();
		cluster.add(fourth);
		Files.writeString(hosts, "127.0.0.5\n", StandardOpenOption.APPEND);
		TestNodes.awaitFullMesh(cluster);

		// The file goes away: an error on every node, the last good set kept, nobody disconnected.
		Files.delete(hosts);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (ClusterNode node : cluster.subList(0, 3)) {
				DiscoveryStatus status = node.discovery();
				assertThat(status.error()).isEqualTo(hosts.toAbsolutePath() + " does not exist (cluster.discovery.file.path)");
				assertThat(status.addresses()).hasSize(4);
			}
		});
		TestNodes.awaitFullMesh(cluster);

		// It comes back with a bad line: the error names the line, and the mesh still stands.
		Files.writeString(hosts, "127.0.0.2\n127.0.0.3\n127.0.0.4\n127.0.0.5:port\n");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (ClusterNode node : cluster.subList(0, 3)) {
				assertThat(node.discovery().error()).startsWith(hosts.toAbsolutePath() + " line 4: ");
			}
		});
		TestNodes.awaitFullMesh(cluster);

		// Fixed: the errors clear.
		Files.writeString(hosts, "127.0.0.2\n127.0.0.3\n127.0.0.4\n127.0.0.5\n");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (ClusterNode node : cluster.subList(0, 3)) {
				assertThat(node.discovery().error()).isNull();
			}
		});
		TestNodes.awaitFullMesh(cluster);
	}

	private ClusterNode start(String host, int port, Path hosts) throws Exception {
		ClusterSettings test = TestNodes.settings(host, port);
		// A long poll interval: the joins above come from the watch on the file's folder, not from a poll.
		ClusterSettings settings = new ClusterSettings(test.basename(), test.host(), test.portInName(),
				test.transport(), Duration.ofMinutes(5), test.initialBackoff(), test.maxBackoff());
		return this.nodes.start(settings, TestNodes.COOKIE, new FilePeerDiscovery(hosts, port));
	}

}
