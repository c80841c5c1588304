package io.clusterboot.internal.discovery;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

import java.util.Set;

/**
 * A fixed list of addresses ({@code cluster.discovery.static.peers}).
 */
public final class StaticPeerDiscovery implements PeerDiscovery {

	private final Set<PeerAddress> peers;

	public StaticPeerDiscovery(Set<PeerAddress> peers) {
		this.peers = Set.copyOf(peers);
	}

	@Override
	public String name() {
		return "static";
	}

	@Override
	public DiscoveryResult discover() {
		return DiscoveryResult.found(this.peers);
	}

}
