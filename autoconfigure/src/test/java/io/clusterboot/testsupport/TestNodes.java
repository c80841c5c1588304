package io.clusterboot.testsupport;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.clusterboot.Member;
import io.clusterboot.NodeName;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.TransportSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts cluster nodes in this JVM, each on its own loopback address (127.0.0.2, 127.0.0.3, …) so
 * that they look like separate hosts, with fast timings for tests; closes them all at the end.
 */
public final class TestNodes implements AutoCloseable {

	public static final String COOKIE = "test-cookie-0123456789-abcdefghij";

	private final List<ClusterNode> nodes = new ArrayList<>();

	public static ClusterSettings settings(String host, int port) {
		return new ClusterSettings("node", host, false,
				// Short enough for quick tests, long enough that a busy 2-core machine causes no false downs.
				new TransportSettings(host, port, port, 1024 * 1024, Duration.ofSeconds(5), Duration.ofMillis(250),
						Duration.ofSeconds(4), 64, 8, 1),
				Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(1));
	}

	/**
	 * Starts a node on its own loopback address and the given port, with the test cookie.
	 */
	public ClusterNode start(String host, int port, PeerDiscovery discovery) throws BindException {
		return start(settings(host, port), COOKIE, discovery);
	}

	/**
	 * Starts a node on its own loopback address and the given port, with the test cookie and a static
	 * list of peers.
	 */
	public ClusterNode start(String host, int port, Set<PeerAddress> peers) throws BindException {
		return start(settings(host, port), COOKIE, new StaticPeerDiscovery(peers));
	}

	/**
	 * Closes a node made elsewhere with the others at the end.
	 */
	public ClusterNode adopt(ClusterNode node) {
		this.nodes.add(node);
		return node;
	}

	public ClusterNode start(ClusterSettings settings, String cookie, PeerDiscovery discovery) throws BindException {
		ClusterNode node = new ClusterNode(settings, Cookie.of(cookie), discovery);
		node.start();
		this.nodes.add(node);
		return node;
	}

	/** Waits until each of the nodes is connected to exactly all the others. */
	public static void awaitFullMesh(List<ClusterNode> nodes) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (ClusterNode node : nodes) {
				List<NodeName> others = nodes.stream().filter((n) -> n != node).map(ClusterNode::self).toList();
				assertThat(connectedNames(node)).as("peers of %s", node.self())
					.containsExactlyInAnyOrderElementsOf(others);
			}
		});
	}

	public static List<NodeName> connectedNames(ClusterNode node) {
		return node.connectedMembers().stream().map(Member::name).toList();
	}

	/**
	 * A TCP port free on every one of the given addresses (127.0.0.1 if none), below the ephemeral range
	 * so that outgoing connections of other processes do not take it while the test runs. Every test
	 * takes its ports from here; none shares a fixed one.
	 */
	public static int freePort(String... hosts) {
		return freePorts(1, false, hosts);
	}

	/** A port free for both UDP and TCP on every one of the given addresses (127.0.0.1 if none). */
	public static int freeUdpAndTcpPort(String... hosts) {
		return freePorts(1, true, hosts);
	}

	/**
	 * The first of a block of consecutive TCP ports, all free on every one of the given addresses
	 * (127.0.0.1 if none).
	 */
	public static int freePortBlock(int size, String... hosts) {
		return freePorts(size, false, hosts);
	}

	private static int freePorts(int size, boolean udp, String... hosts) {
		String[] on = (hosts.length > 0) ? hosts : new String[] { "127.0.0.1" };
		for (int attempt = 0; attempt < 100; attempt++) {
			int first = ThreadLocalRandom.current().nextInt(20000, 30000 - size + 1);
			boolean free = true;
			for (int port = first; free && port < first + size; port++) {
				free = isFree(port, udp, on);
			}
			if (free) {
				return first;
			}
		}
		throw new IllegalStateException("No " + ((size > 1) ? "block of " + size + " ports" : "port")
				+ " free on all of " + List.of(on));
	}

	private static boolean isFree(int port, boolean udp, String... hosts) {
		for (String host : hosts) {
			try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
				if (udp) {
					try (DatagramSocket udpProbe = new DatagramSocket(new InetSocketAddress(host, port))) {
						// free
					}
				}
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
		this.nodes.clear();
	}

}
