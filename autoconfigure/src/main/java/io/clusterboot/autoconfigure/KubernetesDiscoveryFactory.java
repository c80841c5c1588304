package io.clusterboot.autoconfigure;

import java.time.Duration;

import io.kubernetes.client.openapi.ApiClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.kubernetes.client.KubernetesClientUtils;
import org.springframework.cloud.kubernetes.commons.KubernetesNamespaceProvider;
import org.springframework.context.ApplicationContext;

import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.kubernetes.KubernetesDiscoveryMode;
import io.clusterboot.internal.discovery.kubernetes.KubernetesDiscoverySettings;
import io.clusterboot.internal.discovery.kubernetes.KubernetesPeerDiscovery;

/**
 * Builds the {@code kubernetes} strategy: the Kubernetes API through Spring Cloud Kubernetes' official
 * client. Loaded only once that client is known to be on the classpath (see {@link #CLIENT_CLASS}).
 */
final class KubernetesDiscoveryFactory {

	/** Present with spring-cloud-kubernetes-client-autoconfig, and with it client-java. */
	static final String CLIENT_CLASS = "org.springframework.cloud.kubernetes.client.KubernetesClientUtils";

	private KubernetesDiscoveryFactory() {
	}

	// In a pod, Spring Cloud Kubernetes provides the ApiClient (service-account token, reloaded; the
	// cluster's CA). Elsewhere its own factory is used as it would be: kubeconfig, or localhost:8080.
	static PeerDiscovery create(ClusterProperties properties, ApplicationContext context) {
		ObjectProvider<ApiClient> apiClient = context.getBeanProvider(ApiClient.class);
		ObjectProvider<KubernetesNamespaceProvider> namespaces = context
			.getBeanProvider(KubernetesNamespaceProvider.class);
		String namespace = namespace(properties.getDiscovery().getKubernetes(),
				namespaces.getIfAvailable(() -> new KubernetesNamespaceProvider(context.getEnvironment())));
		KubernetesDiscoverySettings settings = settings(properties, namespace);
		return new KubernetesPeerDiscovery(apiClient.getIfAvailable(KubernetesClientUtils::kubernetesApiClient),
				settings);
	}

	static KubernetesDiscoverySettings settings(ClusterProperties properties, String namespace) {
		ClusterProperties.Discovery.Kubernetes kubernetes = properties.getDiscovery().getKubernetes();
		String prefix = "cluster.discovery.kubernetes.";
		KubernetesDiscoveryMode mode = kubernetes.getMode();
		String serviceName = trimmed(kubernetes.getServiceName());
		String labelSelector = trimmed(kubernetes.getLabelSelector());
		if (mode == KubernetesDiscoveryMode.ENDPOINT_SLICES && serviceName == null) {
			throw new InvalidClusterPropertyException(prefix + "service-name", "is not set",
					"Set " + prefix + "service-name to the Service whose EndpointSlices list the peers "
							+ "(e.g. the headless Service), or set " + prefix + "mode=pods and " + prefix
							+ "label-selector.");
		}
		if (mode == KubernetesDiscoveryMode.PODS && labelSelector == null) {
			throw new InvalidClusterPropertyException(prefix + "label-selector", "is not set",
					"Set " + prefix + "label-selector to the labels of the peer pods, e.g. app=orders.");
		}
		String portName = trimmed(kubernetes.getPortName());
		if (portName == null) {
			throw new InvalidClusterPropertyException(prefix + "port-name", "is empty",
					"Set " + prefix + "port-name to the name of the cluster port, 'cluster' by default.");
		}
		Duration timeout = kubernetes.getRequestTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidClusterPropertyException(prefix + "request-timeout",
					"must be a positive duration, is " + timeout,
					"Set " + prefix + "request-timeout to a positive duration such as 5s.");
		}
		return new KubernetesDiscoverySettings(namespace, mode, serviceName, labelSelector, portName,
				properties.getTransport().getPort(), kubernetes.isIncludeNotReady(), timeout,
				kubernetes.isWatch());
	}

	private static String namespace(ClusterProperties.Discovery.Kubernetes kubernetes,
			KubernetesNamespaceProvider provider) {
		String namespace = trimmed(kubernetes.getNamespace());
		if (namespace == null) {
			namespace = trimmed(provider.getNamespace());
		}
		if (namespace == null) {
			throw new InvalidClusterPropertyException("cluster.discovery.kubernetes.namespace",
					"is not set, and this process does not run in a Kubernetes pod (there is no service-account "
							+ "namespace file)",
					"Set cluster.discovery.kubernetes.namespace (or spring.cloud.kubernetes.client.namespace) "
							+ "to the namespace of the peers.");
		}
		return namespace;
	}

	private static String trimmed(String value) {
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

}
