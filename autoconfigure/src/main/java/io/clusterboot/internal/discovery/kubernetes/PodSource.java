package io.clusterboot.internal.discovery.kubernetes;

import java.util.Set;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import okhttp3.Call;

import io.clusterboot.discovery.PeerAddress;

/**
 * The Pods that match a label selector: Running, with a pod IP, not being deleted and, unless
 * not-ready pods are included, Ready; on the container port with the configured name.
 */
final class PodSource implements PeerSource {

	private final CoreV1Api api;

	private final KubernetesDiscoverySettings settings;

	PodSource(ApiClient client, KubernetesDiscoverySettings settings) {
		this.api = new CoreV1Api(client);
		this.settings = settings;
	}

	@Override
	public String resource() {
		return "pods";
	}

	@Override
	public String group() {
		return "";
	}

	@Override
	public String labelSelector() {
		return this.settings.labelSelector();
	}

	@Override
	public Call list() throws ApiException {
		return this.api.listNamespacedPod(this.settings.namespace())
			.labelSelector(this.settings.labelSelector())
			.buildCall(null);
	}

	@Override
	public Call watch(String resourceVersion, int timeoutSeconds) throws ApiException {
		return this.api.listNamespacedPod(this.settings.namespace())
			.labelSelector(this.settings.labelSelector())
			.allowWatchBookmarks(true)
			.resourceVersion(resourceVersion)
			.timeoutSeconds(timeoutSeconds)
			.watch(true)
			.buildCall(null);
	}

	@Override
	public Set<PeerAddress> peers(JsonObject pod) {
		if (Json.string(pod, "metadata", "deletionTimestamp") != null
				|| !"Running".equals(Json.string(pod, "status", "phase"))) {
			return Set.of();
		}
		String ip = Json.string(pod, "status", "podIP");
		if (ip == null || ip.isBlank()) {
			return Set.of();
		}
		if (!this.settings.includeNotReady() && !ready(pod)) {
			return Set.of();
		}
		return Set.of(new PeerAddress(ip, port(pod)));
	}

	private static boolean ready(JsonObject pod) {
		for (JsonObject condition : Json.objects(Json.array(pod, "status", "conditions"), "status.conditions")) {
			if ("Ready".equals(Json.string(condition, "type"))) {
				return "True".equals(Json.string(condition, "status"));
			}
		}
		return false;
	}

	private int port(JsonObject pod) {
		for (JsonObject container : Json.objects(Json.array(pod, "spec", "containers"), "spec.containers")) {
			for (JsonObject port : Json.objects(Json.array(container, "ports"), "spec.containers[].ports")) {
				Integer number = Json.integer(port, "containerPort");
				if (this.settings.portName().equals(Json.string(port, "name")) && number != null) {
					return number;
				}
			}
		}
		return this.settings.defaultPort();
	}

}
