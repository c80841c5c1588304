package io.clusterboot.internal.discovery.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Kubernetes objects as the API server returns them (trimmed of fields nobody reads), with the odd
 * field that client-java 24's models do not know, as a newer server sends.
 */
final class KubernetesObjects {

	static final String SERVICE = "sample-headless";

	private KubernetesObjects() {
	}

	/** An EndpointSlice of {@link #SERVICE}, as the EndpointSlice controller writes it. */
	static EndpointSlice endpointSlice(String name) {
		return new EndpointSlice(name);
	}

	/** A Pod of the sample Deployment. */
	static Pod pod(String name, String ip) {
		return new Pod(name, ip);
	}

	/** A Kubernetes Status, as the API server answers a refused or failed request. */
	static String status(int code, String reason, String message) {
		JsonObject status = new JsonObject();
		status.addProperty("kind", "Status");
		status.addProperty("apiVersion", "v1");
		status.add("metadata", new JsonObject());
		status.addProperty("status", "Failure");
		status.addProperty("message", message);
		status.addProperty("reason", reason);
		status.addProperty("code", code);
		return status.toString();
	}

	/** The 403 the API server gives a service account without a Role for endpointslices. */
	static String forbiddenEndpointSlices() {
		return status(403, "Forbidden", "endpointslices.discovery.k8s.io is forbidden: User "
				+ "\"system:serviceaccount:shop:default\" cannot list resource \"endpointslices\" in API group "
				+ "\"discovery.k8s.io\" in the namespace \"shop\"");
	}

	static final class EndpointSlice {

		private final JsonObject slice = new JsonObject();

		private final JsonArray endpoints = new JsonArray();

		private final JsonArray ports = new JsonArray();

		private EndpointSlice(String name) {
			this.slice.addProperty("apiVersion", "discovery.k8s.io/v1");
			this.slice.addProperty("kind", "EndpointSlice");
			JsonObject metadata = new JsonObject();
			metadata.addProperty("name", name);
			metadata.addProperty("namespace", KubernetesApiFixture.NAMESPACE);
			metadata.addProperty("generateName", SERVICE + "-");
			JsonObject labels = new JsonObject();
			labels.addProperty(EndpointSliceSource.SERVICE_NAME_LABEL, SERVICE);
			labels.addProperty("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
			labels.addProperty("app.kubernetes.io/name", "sample");
			metadata.add("labels", labels);
			JsonArray owners = new JsonArray();
			JsonObject owner = new JsonObject();
			owner.addProperty("apiVersion", "v1");
			owner.addProperty("kind", "Service");
			owner.addProperty("name", SERVICE);
			owner.addProperty("uid", "0f4c9c5e-2b1a-4f4e-9d1c-6b1e8d1e2a10");
			owner.addProperty("controller", true);
			owner.addProperty("blockOwnerDeletion", true);
			owners.add(owner);
			metadata.add("ownerReferences", owners);
			this.slice.add("metadata", metadata);
			this.slice.addProperty("addressType", "IPv4");
			this.slice.add("endpoints", this.endpoints);
			this.slice.add("ports", this.ports);
		}

		EndpointSlice port(String name, int port) {
			JsonObject entry = new JsonObject();
			entry.addProperty("name", name);
			entry.addProperty("port", port);
			entry.addProperty("protocol", "TCP");
			this.ports.add(entry);
			return this;
		}

		EndpointSlice ready(String ip) {
			return endpoint(ip, true, true, false);
		}

		EndpointSlice notReady(String ip) {
			return endpoint(ip, false, false, false);
		}

		EndpointSlice terminating(String ip) {
			// A terminating pod that still passes its readiness probe, as during a graceful shutdown.
			return endpoint(ip, false, true, true);
		}

		EndpointSlice endpoint(String ip, boolean ready, boolean serving, boolean terminating) {
			JsonObject endpoint = new JsonObject();
			JsonArray addresses = new JsonArray();
			addresses.add(ip);
			endpoint.add("addresses", addresses);
			JsonObject conditions = new JsonObject();
			conditions.addProperty("ready", ready);
			conditions.addProperty("serving", serving);
			conditions.addProperty("terminating", terminating);
			endpoint.add("conditions", conditions);
			endpoint.addProperty("nodeName", "worker-1");
			endpoint.addProperty("zone", "zone-a");
			JsonObject target = new JsonObject();
			target.addProperty("kind", "Pod");
			target.addProperty("name", "sample-5d9f7c6b8-" + ip.replace('.', '-'));
			target.addProperty("namespace", KubernetesApiFixture.NAMESPACE);
			target.addProperty("uid", "7a3e2f1c-0000-4000-8000-" + String.format("%012d", Math.abs(ip.hashCode())));
			endpoint.add("targetRef", target);
			// Not in client-java 24's V1Endpoint: sent by newer API servers.
			JsonObject hints = new JsonObject();
			JsonArray forZones = new JsonArray();
			JsonObject zone = new JsonObject();
			zone.addProperty("name", "zone-a");
			forZones.add(zone);
			hints.add("forZones", forZones);
			endpoint.add("hints", hints);
			endpoint.addProperty("futureField", "from a newer API server");
			this.endpoints.add(endpoint);
			return this;
		}

		String json() {
			return this.slice.toString();
		}

	}

	static final class Pod {

		private final JsonObject pod = new JsonObject();

		private final JsonObject metadata = new JsonObject();

		private final JsonObject status = new JsonObject();

		private final JsonArray containerPorts = new JsonArray();

		private final JsonArray conditions = new JsonArray();

		private Pod(String name, String ip) {
			this.pod.addProperty("apiVersion", "v1");
			this.pod.addProperty("kind", "Pod");
			this.metadata.addProperty("name", name);
			this.metadata.addProperty("namespace", KubernetesApiFixture.NAMESPACE);
			JsonObject labels = new JsonObject();
			labels.addProperty("app", "sample");
			labels.addProperty("pod-template-hash", "5d9f7c6b8");
			this.metadata.add("labels", labels);
			this.pod.add("metadata", this.metadata);
			JsonObject spec = new JsonObject();
			JsonArray containers = new JsonArray();
			JsonObject container = new JsonObject();
			container.addProperty("name", "sample");
			container.addProperty("image", "clusterboot/sample-app:0.1.0-SNAPSHOT");
			container.add("ports", this.containerPorts);
			containers.add(container);
			spec.add("containers", containers);
			spec.addProperty("serviceAccountName", "sample");
			spec.addProperty("nodeName", "worker-1");
			this.pod.add("spec", spec);
			this.status.addProperty("phase", "Running");
			if (ip != null) {
				this.status.addProperty("podIP", ip);
				JsonArray podIps = new JsonArray();
				JsonObject podIp = new JsonObject();
				podIp.addProperty("ip", ip);
				podIps.add(podIp);
				this.status.add("podIPs", podIps);
			}
			this.status.addProperty("hostIP", "127.0.0.1");
			this.status.addProperty("qosClass", "BestEffort");
			this.status.add("conditions", this.conditions);
			// Not in client-java 24's V1PodStatus: sent by newer API servers.
			this.status.add("allocatedResources", new JsonObject());
			this.pod.add("status", this.status);
			condition("PodScheduled", true);
			condition("Initialized", true);
		}

		Pod label(String key, String value) {
			this.metadata.getAsJsonObject("labels").addProperty(key, value);
			return this;
		}

		Pod containerPort(String name, int port) {
			JsonObject entry = new JsonObject();
			entry.addProperty("name", name);
			entry.addProperty("containerPort", port);
			entry.addProperty("protocol", "TCP");
			this.containerPorts.add(entry);
			return this;
		}

		Pod phase(String phase) {
			this.status.addProperty("phase", phase);
			return this;
		}

		Pod ready(boolean ready) {
			condition("ContainersReady", ready);
			return condition("Ready", ready);
		}

		Pod finalizer(String finalizer) {
			JsonArray finalizers = new JsonArray();
			finalizers.add(finalizer);
			this.metadata.add("finalizers", finalizers);
			return this;
		}

		private Pod condition(String type, boolean value) {
			JsonObject condition = new JsonObject();
			condition.addProperty("type", type);
			condition.addProperty("status", value ? "True" : "False");
			condition.addProperty("lastTransitionTime", "2026-11-21T10:00:00Z");
			this.conditions.add(condition);
			return this;
		}

		String json() {
			return this.pod.toString();
		}

	}

}
