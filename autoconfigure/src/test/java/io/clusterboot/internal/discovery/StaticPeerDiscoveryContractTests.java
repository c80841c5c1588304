package io.clusterboot.internal.discovery;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.PeerDiscoveryContractTest;

import java.util.Set;

class StaticPeerDiscoveryContractTests extends PeerDiscoveryContractTest {

	@Override
	protected Set<PeerAddress> someAddresses() {
		return Set.of(new PeerAddress("127.0.0.2", 4370), new PeerAddress("127.0.0.3", 4371),
				new PeerAddress("::1", 4372));
	}

	@Override
	protected PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) {
		return new StaticPeerDiscovery(addresses);
	}

	@Override
	protected PeerDiscovery discoveryOfBrokenSource() {
		return null; // a fixed list is always there
	}

}
