package io.clusterboot.internal.discovery.kubernetes;

/**
 * Which Kubernetes objects list the peers.
 */
public enum KubernetesDiscoveryMode {

	/** The EndpointSlices of a Service ({@code discovery.k8s.io/v1}), as the Service itself routes. */
	ENDPOINT_SLICES,

	/** The Pods that match a label selector ({@code v1}). */
	PODS

}
