package com.example.discovery;

import java.util.Set;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.PeerDiscoveryContractTest;

/**
 * A strategy of a third party, outside ClusterBoot's packages, proving itself with the published
 * contract (the autoconfigure module's test-jar), exactly as README's "Your own discovery" shows.
 */
class ThirdPartyDiscoveryContractTests extends PeerDiscoveryContractTest {

	@Override
	protected Set<PeerAddress> someAddresses() {
		return Set.of(new PeerAddress("127.0.0.2", 4370), new PeerAddress("127.0.0.3", 4370),
				new PeerAddress("127.0.0.4", 4370));
	}

	@Override
	protected PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) {
		return new RegistryDiscovery(() -> addresses);
	}

	@Override
	protected PeerDiscovery discoveryOfBrokenSource() {
		return new RegistryDiscovery(() -> {
			throw new IllegalStateException("registry unreachable");
		});
	}

	interface Registry {

		Set<PeerAddress> peers();

	}

	/** Asks some registry of the application's; a failure is a Failed result, never an exception. */
	static final class RegistryDiscovery implements PeerDiscovery {

		private final Registry registry;

		RegistryDiscovery(Registry registry) {
			this.registry = registry;
		}

		@Override
		public String name() {
			return "registry";
		}

		@Override
		public DiscoveryResult discover() {
			try {
				return new DiscoveryResult.Found(this.registry.peers());
			}
			catch (RuntimeException ex) {
				return new DiscoveryResult.Failed(ex.getMessage());
			}
		}

	}

}
