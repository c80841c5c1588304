package io.clusterboot.internal.discovery;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Other nodes on this host: the ports of {@code cluster.discovery.local.port-range} on the node's
 * loopback address that something listens on. A port is "in use" when it cannot be bound; probing
 * by binding sends nothing to anybody, so ports that nobody uses never show up as unreachable peers.
 */
public final class LocalPeerDiscovery implements PeerDiscovery {

	private final String host;

	private final int firstPort;

	private final int lastPort;

	/**
	 * Creates the discovery.
	 * @param host the address nodes on this host listen on, e.g. {@code 127.0.0.1}
	 * @param firstPort the first port of the range
	 * @param lastPort the last port of the range
	 */
	public LocalPeerDiscovery(String host, int firstPort, int lastPort) {
		this.host = host;
		this.firstPort = firstPort;
		this.lastPort = lastPort;
	}

	@Override
	public String name() {
		return "local";
	}

	@Override
	public DiscoveryResult discover() {
		InetAddress address;
		try {
			address = InetAddress.getByName(this.host);
		}
		catch (IOException ex) {
			return DiscoveryResult.failed("Cannot resolve the local address " + this.host + ": " + ex.getMessage());
		}
		// This node's own port is in use too; the cluster skips its own address.
		Set<PeerAddress> found = new LinkedHashSet<>();
		for (int port = this.firstPort; port <= this.lastPort; port++) {
			if (inUse(address, port)) {
				found.add(new PeerAddress(this.host, port));
			}
		}
		return DiscoveryResult.found(found);
	}

	private static boolean inUse(InetAddress address, int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(address, port), 1);
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
