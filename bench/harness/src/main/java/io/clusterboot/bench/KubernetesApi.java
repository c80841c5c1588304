package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * fabric8's mock Kubernetes API server on 127.0.0.1 in CRUD mode, holding the EndpointSlices of one
 * headless Service as the EndpointSlice controller writes them (at most 100 endpoints per slice).
 */
final class KubernetesApi implements AutoCloseable {

	static final String NAMESPACE = "bench";

	static final String SERVICE = "app-headless";

	private static final MediaType JSON = MediaType.get("application/json");

	private final KubernetesMockServer server;

	private final OkHttpClient http = new OkHttpClient();

	KubernetesApi() {
		this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
				new HashMap<>(), new KubernetesMixedDispatcher(new HashMap<>()), false);
		try {
			this.server.init(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	ApiClient client() {
		return new ClientBuilder().setBasePath("http://127.0.0.1:" + this.server.getPort()).build();
	}

	/** Stores {@code count} ready endpoints (127.0.5.x, 127.0.6.x: nothing dials them) in slices of 100. */
	void endpoints(int count, int port) {
		for (int slice = 0; slice * 100 < count; slice++) {
			JsonArray endpoints = new JsonArray();
			for (int i = slice * 100; i < Math.min(count, (slice + 1) * 100); i++) {
				endpoints.add(endpoint("127.0." + (5 + i / 250) + "." + (1 + i % 250)));
			}
			post("/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices",
					slice(SERVICE + "-" + slice, endpoints, port));
		}
	}

	private static JsonObject slice(String name, JsonArray endpoints, int port) {
		JsonObject slice = new JsonObject();
		slice.addProperty("apiVersion", "discovery.k8s.io/v1");
		slice.addProperty("kind", "EndpointSlice");
		JsonObject metadata = new JsonObject();
		metadata.addProperty("name", name);
		metadata.addProperty("namespace", NAMESPACE);
		JsonObject labels = new JsonObject();
		labels.addProperty("kubernetes.io/service-name", SERVICE);
		labels.addProperty("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
		metadata.add("labels", labels);
		slice.add("metadata", metadata);
		slice.addProperty("addressType", "IPv4");
		slice.add("endpoints", endpoints);
		JsonArray ports = new JsonArray();
		JsonObject cluster = new JsonObject();
		cluster.addProperty("name", "cluster");
		cluster.addProperty("port", port);
		cluster.addProperty("protocol", "TCP");
		ports.add(cluster);
		slice.add("ports", ports);
		return slice;
	}

	private static JsonObject endpoint(String ip) {
		JsonObject endpoint = new JsonObject();
		JsonArray addresses = new JsonArray();
		addresses.add(ip);
		endpoint.add("addresses", addresses);
		JsonObject conditions = new JsonObject();
		conditions.addProperty("ready", true);
		conditions.addProperty("serving", true);
		conditions.addProperty("terminating", false);
		endpoint.add("conditions", conditions);
		endpoint.addProperty("nodeName", "worker-1");
		JsonObject target = new JsonObject();
		target.addProperty("kind", "Pod");
		target.addProperty("name", "app-" + ip.replace('.', '-'));
		target.addProperty("namespace", NAMESPACE);
		endpoint.add("targetRef", target);
		return endpoint;
	}

	private void post(String collection, JsonObject object) {
		Request request = new Request.Builder().url("http://127.0.0.1:" + this.server.getPort() + collection)
			.post(RequestBody.create(object.toString(), JSON))
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			if (!response.isSuccessful()) {
				throw new IllegalStateException("The mock API answered " + response.code() + ": " + response.body().string());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.server.destroy();
		this.http.dispatcher().executorService().shutdown();
		this.http.connectionPool().evictAll();
	}

}
