package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds a TCP port that is free on several loopback addresses at once, for nodes that share
 * {@code cluster.transport.port} on 127.0.0.2, 127.0.0.3, ….
 */
final class TestPorts {

	private TestPorts() {
	}

	static int freeOn(String... hosts) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(hosts[0]))) {
				port = socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			if (freeOnAll(port, hosts)) {
				return port;
			}
		}
		throw new IllegalStateException("No port is free on all of " + String.join(", ", hosts));
	}

	private static boolean freeOnAll(int port, String... hosts) {
		for (String host : hosts) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

}
