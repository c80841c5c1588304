package io.clusterboot.discovery.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.clusterboot.Member;
import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.membership.ClusterNode;
import io.clusterboot.membership.ClusterSettings;
import io.clusterboot.node.Cookie;
import io.clusterboot.transport.TransportSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster nodes in this JVM, each on its own loopback address (127.0.0.2, 127.0.0.3, …) as if on its own
 * host, with short intervals so that tests run quickly; closed by {@link #close()}.
 */
final class TestNodes implements AutoCloseable {

	/** The cookie of the test cluster; tests check that it never shows up in the output. */
	static final String COOKIE = "dns-test-cookie-7f3a9c1e5b2d4f60";

	private final List<ClusterNode> nodes = new ArrayList<>();

	/**
	 * Starts a node.
	 * @param host the loopback address to bind and to use as the name's host
	 * @param port the cluster port
	 * @param discovery the node's discovery
	 * @return the started node
	 */
	ClusterNode start(String host, int port, PeerDiscovery discovery) throws BindException {
		TransportSettings transport = new TransportSettings(host, port, port, 1024 * 1024, Duration.ofSeconds(5),
				Duration.ofMillis(500), Duration.ofSeconds(10), 64, 1);
		ClusterSettings settings = new ClusterSettings("node", host, false, transport, Duration.ofMillis(200),
				Duration.ofMillis(100), Duration.ofSeconds(1));
		ClusterNode node = new ClusterNode(settings, Cookie.of(COOKIE), discovery).start();
		this.nodes.add(node);
		return node;
	}

	/** Waits until each of the nodes is connected to exactly all the others. */
	static void awaitFullMesh(List<ClusterNode> nodes) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (ClusterNode node : nodes) {
				List<NodeName> others = nodes.stream().filter((n) -> n != node).map(ClusterNode::self).toList();
				assertThat(connectedNames(node)).as("peers of %s", node.self()).containsExactlyInAnyOrderElementsOf(others);
			}
		});
	}

	static List<NodeName> connectedNames(ClusterNode node) {
		return node.connectedMembers().stream().map(Member::name).toList();
	}

	/**
	 * A TCP port free on every one of the given addresses, below the ephemeral range so that outgoing
	 * connections of other processes do not take it while the test runs.
	 */
	static int freePort(String... hosts) throws IOException {
		for (int attempt = 0; attempt < 100; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(20000, 30000);
			if (isFree(candidate, hosts)) {
				return candidate;
			}
		}
		throw new IOException("No port free on all of " + List.of(hosts));
	}

	private static boolean isFree(int port, String... hosts) {
		for (String host : hosts) {
			try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
				// free
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

	@Override
	public void close() {
		this.nodes.forEach(ClusterNode::close);
	}

}
