package io.clusterboot.internal.discovery;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.PeerDiscoveryContractTest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;

import io.clusterboot.testsupport.TestNodes;

class LocalPeerDiscoveryContractTests extends PeerDiscoveryContractTest {

	private static final String HOST = "127.0.0.1";

	private static final int RANGE = 5;

	private final List<ServerSocket> listeners = new ArrayList<>();

	private int firstPort;

	@Override
	protected Set<PeerAddress> someAddresses() throws IOException {
		int first = firstPort();
		return new LinkedHashSet<>(List.of(new PeerAddress(HOST, first), new PeerAddress(HOST, first + 2),
				new PeerAddress(HOST, first + 4)));
	}

	@Override
	protected PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) throws IOException {
		for (PeerAddress address : addresses) {
			// A node "publishes" itself to the local strategy by listening on a port of the range.
			ServerSocket listener = new ServerSocket();
			listener.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()));
			this.listeners.add(listener);
		}
		return new LocalPeerDiscovery(HOST, firstPort(), firstPort() + RANGE - 1);
	}

	@Override
	protected PeerDiscovery discoveryOfBrokenSource() throws IOException {
		// The only source the local strategy has is this host's address; one that cannot be used
		// (rejected as it is parsed, so nothing is looked up) breaks it.
		return new LocalPeerDiscovery("[not-an-address", firstPort(), firstPort() + RANGE - 1);
	}

	// A block of ports nobody listens on (yet), the same for the whole test.
	private int firstPort() {
		if (this.firstPort == 0) {
			this.firstPort = TestNodes.freePortBlock(RANGE, HOST);
		}
		return this.firstPort;
	}

	@AfterEach
	void closeListeners() throws IOException {
		for (ServerSocket listener : this.listeners) {
			listener.close();
		}
	}

}
