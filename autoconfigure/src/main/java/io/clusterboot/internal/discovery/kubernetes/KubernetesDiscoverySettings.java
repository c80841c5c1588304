package io.clusterboot.internal.discovery.kubernetes;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link KubernetesPeerDiscovery}.
 *
 * @param namespace the namespace to look in
 * @param mode which objects list the peers
 * @param serviceName the Service whose EndpointSlices list the peers (mode endpoint-slices)
 * @param labelSelector the label selector of the peer Pods (mode pods)
 * @param portName the name of the EndpointSlice port or container port to dial
 * @param defaultPort the port to dial when no port has that name
 * @param includeNotReady whether peers that are not ready yet are dialled too
 * @param requestTimeout the deadline of one list request
 * @param watch whether to watch for changes between polls
 */
public record KubernetesDiscoverySettings(String namespace, KubernetesDiscoveryMode mode, String serviceName,
		String labelSelector, String portName, int defaultPort, boolean includeNotReady, Duration requestTimeout,
		boolean watch) {

	public KubernetesDiscoverySettings {
		Objects.requireNonNull(namespace, "namespace");
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(portName, "portName");
		Objects.requireNonNull(requestTimeout, "requestTimeout");
		if (mode == KubernetesDiscoveryMode.ENDPOINT_SLICES) {
			Objects.requireNonNull(serviceName, "serviceName");
		}
		else {
			Objects.requireNonNull(labelSelector, "labelSelector");
		}
	}

}
