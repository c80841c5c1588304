package io.clusterboot.internal.discovery.kubernetes;

import java.time.Duration;
import java.util.Set;

import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterEach;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.testsupport.TestNodes;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.PeerDiscoveryContractTest;

import static io.clusterboot.internal.discovery.kubernetes.KubernetesApiFixture.ENDPOINT_SLICES;
import static io.clusterboot.internal.discovery.kubernetes.KubernetesObjects.endpointSlice;

/**
 * The kubernetes strategy against the mock API server: one EndpointSlice of the Service, and an
 * API server that is not there.
 */
class KubernetesPeerDiscoveryContractTests extends PeerDiscoveryContractTest {

	private static final int PORT = 4370;

	private KubernetesApiFixture api;

	@Override
	protected Set<PeerAddress> someAddresses() {
		return Set.of(new PeerAddress("127.0.1.2", PORT), new PeerAddress("127.0.1.3", PORT),
				new PeerAddress("127.0.1.4", PORT));
	}

	@Override
	protected PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) {
		this.api = new KubernetesApiFixture();
		if (!addresses.isEmpty()) {
			KubernetesObjects.EndpointSlice slice = endpointSlice("sample-headless-contract").port("cluster", PORT);
			addresses.forEach((address) -> slice.ready(address.host()));
			this.api.create(ENDPOINT_SLICES, slice.json());
		}
		return new KubernetesPeerDiscovery(this.api.client(), settings());
	}

	@Override
	protected PeerDiscovery discoveryOfBrokenSource() throws Exception {
		int closedPort = TestNodes.freePort("127.0.0.1");
		return new KubernetesPeerDiscovery(new ClientBuilder().setBasePath("http://127.0.0.1:" + closedPort).build(),
				settings());
	}

	private static KubernetesDiscoverySettings settings() {
		return KubernetesPeerDiscoveryTests.settings(KubernetesDiscoveryMode.ENDPOINT_SLICES, true,
				Duration.ofSeconds(5), false);
	}

	@AfterEach
	void stopApi() {
		if (this.api != null) {
			this.api.close();
		}
	}

}
