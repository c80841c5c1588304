package io.clusterboot.internal.discovery.kubernetes;

import java.util.LinkedHashSet;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.DiscoveryV1Api;
import okhttp3.Call;

import io.clusterboot.discovery.PeerAddress;

/**
 * The EndpointSlices of a Service: the endpoints that are not terminating and, unless not-ready
 * endpoints are included, ready; on the port with the configured name.
 */
final class EndpointSliceSource implements PeerSource {

	/** The label the EndpointSlice controller puts on the slices of a Service. */
	static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

	private final DiscoveryV1Api api;

	private final KubernetesDiscoverySettings settings;

	private final String labelSelector;

	EndpointSliceSource(ApiClient client, KubernetesDiscoverySettings settings) {
		this.api = new DiscoveryV1Api(client);
		this.settings = settings;
		this.labelSelector = SERVICE_NAME_LABEL + "=" + settings.serviceName();
	}

	@Override
	public String resource() {
		return "endpointslices";
	}

	@Override
	public String group() {
		return "discovery.k8s.io";
	}

	@Override
	public String labelSelector() {
		return this.labelSelector;
	}

	@Override
	public Call list() throws ApiException {
		return this.api.listNamespacedEndpointSlice(this.settings.namespace())
			.labelSelector(this.labelSelector)
			.buildCall(null);
	}

	@Override
	public Call watch(String resourceVersion, int timeoutSeconds) throws ApiException {
		return this.api.listNamespacedEndpointSlice(this.settings.namespace())
			.labelSelector(this.labelSelector)
			.allowWatchBookmarks(true)
			.resourceVersion(resourceVersion)
			.timeoutSeconds(timeoutSeconds)
			.watch(true)
			.buildCall(null);
	}

	@Override
	public Set<PeerAddress> peers(JsonObject slice) {
		int port = port(slice);
		Set<PeerAddress> peers = new LinkedHashSet<>();
		for (JsonObject endpoint : Json.objects(Json.array(slice, "endpoints"), "endpoints")) {
			// Per the API: an unset "ready" means ready, an unset "terminating" means not terminating.
			// "serving" is not consulted: it differs from "ready" only for terminating endpoints, and
			// those are never dialled (they are leaving; a live connection to one is kept anyway).
			if (Boolean.TRUE.equals(Json.bool(endpoint, "conditions", "terminating"))) {
				continue;
			}
			boolean ready = !Boolean.FALSE.equals(Json.bool(endpoint, "conditions", "ready"));
			if (!ready && !this.settings.includeNotReady()) {
				continue;
			}
			// The addresses of one endpoint are fungible (one pod), so the first one is enough.
			String address = first(Json.array(endpoint, "addresses"));
			if (address != null) {
				peers.add(new PeerAddress(address, port));
			}
		}
		return peers;
	}

	private int port(JsonObject slice) {
		for (JsonObject port : Json.objects(Json.array(slice, "ports"), "ports")) {
			Integer number = Json.integer(port, "port");
			if (this.settings.portName().equals(Json.string(port, "name")) && number != null) {
				return number;
			}
		}
		return this.settings.defaultPort();
	}

	private static String first(JsonArray addresses) {
		if (addresses.isEmpty()) {
			return null;
		}
		if (!addresses.get(0).isJsonPrimitive()) {
			throw new MalformedObjectException("endpoints[].addresses has an element that is not a string");
		}
		String address = addresses.get(0).getAsString();
		return address.isBlank() ? null : address;
	}

}
