package io.clusterboot.testsupport;

import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.StaticPeerDiscovery;
import io.clusterboot.membership.ClusterNode;
import io.clusterboot.membership.ClusterSettings;
import io.clusterboot.node.Cookie;
import io.clusterboot.transport.TransportSettings;

/**
 * Starts cluster nodes in this JVM, each on its own loopback address (127.0.0.2, 127.0.0.3, …) so
 * that they look like separate hosts, with fast timings for tests; closes them all at the end.
 */
public final class TestNodes implements AutoCloseable {

	public static final String COOKIE = "test-cookie-0123456789-abcdefghij";

	public static final int PORT = 24370;

	private final List<ClusterNode> nodes = new ArrayList<>();

	public static ClusterSettings settings(String host, int port) {
		return new ClusterSettings("node", host, false,
				new TransportSettings(host, port, port, 1024 * 1024, Duration.ofSeconds(2), Duration.ofMillis(200),
						Duration.ofSeconds(2), 64, 1),
				Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(1));
	}

	public static PeerAddress address(String host) {
		return new PeerAddress(host, PORT);
	}

	public ClusterNode start(String host, Set<PeerAddress> peers) throws BindException {
		return start(settings(host, PORT), COOKIE, new StaticPeerDiscovery(peers));
	}

	public ClusterNode start(ClusterSettings settings, String cookie, PeerDiscovery discovery) throws BindException {
		ClusterNode node = new ClusterNode(settings, Cookie.of(cookie), discovery);
		node.start();
		this.nodes.add(node);
		return node;
	}

	@Override
	public void close() {
		this.nodes.forEach(ClusterNode::close);
		this.nodes.clear();
	}

}
