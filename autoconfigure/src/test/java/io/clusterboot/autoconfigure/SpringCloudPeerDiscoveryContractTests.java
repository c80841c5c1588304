package io.clusterboot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.PeerDiscoveryContractTest;

class SpringCloudPeerDiscoveryContractTests extends PeerDiscoveryContractTest {

	@Override
	protected Set<PeerAddress> someAddresses() {
		return Set.of(new PeerAddress("127.0.0.2", 4370), new PeerAddress("127.0.0.3", 4371),
				new PeerAddress("::1", 4372));
	}

	// Each instance registers its HTTP port, 8080; the cluster port is in its metadata.
	@Override
	protected PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) {
		List<ServiceInstance> instances = new ArrayList<>();
		int i = 0;
		for (PeerAddress address : addresses) {
			instances.add(new DefaultServiceInstance("orders-" + i++, "orders", address.host(), 8080, false,
					Map.of("cluster-port", Integer.toString(address.port()))));
		}
		DiscoveryClient client = new Registry(instances);
		return new SpringCloudPeerDiscovery(() -> client, "orders", "cluster-port", 4370,
				SpringCloudPeerDiscovery.RegistryFreshness.ALWAYS);
	}

	@Override
	protected PeerDiscovery discoveryOfBrokenSource() {
		DiscoveryClient broken = new Registry(null);
		return new SpringCloudPeerDiscovery(() -> broken, "orders", "cluster-port", 4370,
				SpringCloudPeerDiscovery.RegistryFreshness.ALWAYS);
	}

	/** A registry of one service, "orders"; without instances, one that cannot be reached. */
	private record Registry(List<ServiceInstance> instances) implements DiscoveryClient {

		@Override
		public String description() {
			return "test registry";
		}

		@Override
		public List<ServiceInstance> getInstances(String serviceId) {
			if (this.instances == null) {
				throw new IllegalStateException("Connection refused: 127.0.0.1:8761");
			}
			return "orders".equals(serviceId) ? this.instances : List.of();
		}

		@Override
		public List<String> getServices() {
			return List.of("orders");
		}

	}

}
