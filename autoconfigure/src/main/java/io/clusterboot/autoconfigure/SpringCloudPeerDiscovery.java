package io.clusterboot.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.Untrusted;

/**
 * The {@code spring-cloud} strategy: the instances of one service in the application's
 * {@link DiscoveryClient}, whatever registry is behind it. Each instance's host is dialled on the port
 * in its metadata ({@code cluster-port}), else on {@code cluster.transport.port}: the port an instance
 * registers is its HTTP port, not its cluster port.
 */
final class SpringCloudPeerDiscovery implements PeerDiscovery {

	private final Supplier<DiscoveryClient> client;

	private final String serviceId;

	private final String portKey;

	private final int defaultPort;

	private final RegistryFreshness freshness;

	/**
	 * @param client the application's discovery client, looked up at each round
	 * @param serviceId the service whose instances are the peers
	 * @param portKey the metadata key of the cluster port
	 * @param defaultPort the cluster port of instances without that key
	 * @param freshness says when the client's answers are stale (a registry it can no longer reach)
	 */
	SpringCloudPeerDiscovery(Supplier<DiscoveryClient> client, String serviceId, String portKey, int defaultPort,
			RegistryFreshness freshness) {
		this.client = client;
		this.serviceId = serviceId;
		this.portKey = portKey;
		this.defaultPort = defaultPort;
		this.freshness = freshness;
	}

	@Override
	public String name() {
		return "spring-cloud";
	}

	@Override
	public DiscoveryResult discover() {
		DiscoveryClient discoveryClient;
		List<ServiceInstance> instances;
		try {
			discoveryClient = this.client.get();
			instances = discoveryClient.getInstances(this.serviceId);
		}
		catch (RuntimeException ex) {
			return DiscoveryResult.failed("The DiscoveryClient failed to list the instances of '" + this.serviceId
					+ "': " + Untrusted.printable(String.valueOf(ex)));
		}
		String stale = this.freshness.problem();
		if (stale != null) {
			return DiscoveryResult.failed(stale);
		}
		Set<PeerAddress> peers = new LinkedHashSet<>();
		for (ServiceInstance instance : (instances != null) ? instances : List.<ServiceInstance>of()) {
			String id = Untrusted.printable(String.valueOf(instance.getInstanceId()));
			String port = (instance.getMetadata() != null) ? instance.getMetadata().get(this.portKey) : null;
			try {
				peers.add(new PeerAddress(instance.getHost(),
						(port != null) ? Integer.parseInt(port.strip()) : this.defaultPort));
			}
			catch (RuntimeException ex) {
				return DiscoveryResult.failed("Instance " + id + " of '" + this.serviceId + "' has no usable cluster "
						+ "address (host " + Untrusted.printable(String.valueOf(instance.getHost())) + ", metadata "
						+ this.portKey + "=" + Untrusted.printable(String.valueOf(port)) + "): "
						+ Untrusted.printable(String.valueOf(ex.getMessage())));
			}
		}
		return DiscoveryResult.found(peers);
	}

	@Override
	public String toString() {
		return "instances of '" + this.serviceId + "' in the DiscoveryClient, cluster port from metadata '"
				+ this.portKey + "' (else " + this.defaultPort + ")";
	}

	/** Whether a discovery client's answers are still current. */
	@FunctionalInterface
	interface RegistryFreshness {

		/** Trusts every answer. */
		RegistryFreshness ALWAYS = () -> null;

		/**
		 * Why the client's answers cannot be trusted now, or {@code null} when they can.
		 * @return the problem, for operators
		 */
		String problem();

	}

}
