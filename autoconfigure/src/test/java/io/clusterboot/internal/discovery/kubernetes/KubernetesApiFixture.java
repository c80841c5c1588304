package io.clusterboot.internal.discovery.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A Kubernetes API for tests: fabric8's {@link KubernetesMockServer} on 127.0.0.1, its objects kept in
 * CRUD mode, with watch streams served over plain HTTP (client-java cannot use the mock's WebSocket
 * watch). Each change made through {@link #create}, {@link #replace} or {@link #delete} is queued as a
 * newline-delimited watch event and sent to the next watch request of that collection; a watch with
 * nothing queued gets a BOOKMARK after a short wait and ends, as a quiet watch ends after its timeout.
 * Lists and watches can be made to fail with {@link #failLists} and {@link #failWatches}.
 */
final class KubernetesApiFixture implements AutoCloseable {

	static final String NAMESPACE = "shop";

	static final String ENDPOINT_SLICES = "/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices";

	static final String PODS = "/api/v1/namespaces/" + NAMESPACE + "/pods";

	private static final long QUIET_WATCH_MILLIS = 200;

	private static final MediaType JSON = MediaType.get("application/json");

	private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();

	private final Map<String, Queue<String>> pendingEvents = new ConcurrentHashMap<>();

	private final Map<String, String> stored = new ConcurrentHashMap<>();

	private final List<String> watchRequests = new CopyOnWriteArrayList<>();

	private final List<String> listRequests = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final KubernetesMockServer server;

	private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();

	private volatile MockResponse watchFailure;

	private volatile String lastResourceVersion = "1";

	KubernetesApiFixture() {
		this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
				this.expectations, new Dispatcher(this.expectations), false);
		try {
			this.server.init(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A client of this API, as an application would configure it (no credentials: the mock needs none). */
	ApiClient client() {
		return new ClientBuilder().setBasePath(baseUrl()).build();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	KubernetesMockServer server() {
		return this.server;
	}

	/** Stores an object (POST) and queues an ADDED event with it as stored. */
	JsonObject create(String collection, String json) {
		JsonObject created = send(new Request.Builder().url(baseUrl() + collection).post(RequestBody.create(json, JSON)));
		event(collection, "ADDED", created);
		return created;
	}

	/** Replaces an object (PUT) and queues a MODIFIED event with it as stored. */
	JsonObject replace(String collection, String json) {
		String name = Json.string(Json.parseObject(json), "metadata", "name");
		JsonObject replaced = send(
				new Request.Builder().url(baseUrl() + collection + "/" + name).put(RequestBody.create(json, JSON)));
		event(collection, "MODIFIED", replaced);
		return replaced;
	}

	/** Deletes an object and queues a DELETED event with its last state. */
	void delete(String collection, String name) {
		String last = this.stored.remove(collection + "/" + name);
		send(new Request.Builder().url(baseUrl() + collection + "/" + name).delete());
		if (last != null) {
			event(collection, "DELETED", Json.parseObject(last));
		}
	}

	/** Queues a raw watch event line, e.g. an ERROR with a Status. */
	void event(String collection, String line) {
		this.pendingEvents.computeIfAbsent(collection, (key) -> new ConcurrentLinkedQueue<>()).add(line);
	}

	/** Whether every queued event was sent to a watch. */
	boolean eventsDelivered(String collection) {
		Queue<String> pending = this.pendingEvents.get(collection);
		return pending == null || pending.isEmpty();
	}

	/**
	 * Answers the lists made so far (same path and query) with this status and body from now on, as
	 * expectations of the mock server, until {@link #restoreLists}.
	 */
	void failLists(int status, String body) {
		if (this.listRequests.isEmpty()) {
			throw new IllegalStateException("Nothing was listed yet");
		}
		for (String path : new java.util.LinkedHashSet<>(this.listRequests)) {
			this.server.expect().get().withPath(path).andReturn(status, body).always();
		}
	}

	/** Serves lists from the stored objects again. */
	void restoreLists() {
		this.expectations.clear();
	}

	/** Answers every watch with this status and a Kubernetes Status body, or serves watches again if 0. */
	void failWatches(int status, String body) {
		this.watchFailure = (status != 0) ? new MockResponse().setResponseCode(status).setBody(body) : null;
	}

	/** The path and query of every watch request so far. */
	List<String> watchRequests() {
		return new ArrayList<>(this.watchRequests);
	}

	/** The Authorization header of every list and watch request so far, {@code "-"} for none. */
	List<String> authorizations() {
		return new ArrayList<>(this.authorizations);
	}

	/** The path and query of every list request so far (served from the store or by an expectation). */
	List<String> listRequests() {
		return new ArrayList<>(this.listRequests);
	}

	private void event(String collection, String type, JsonObject object) {
		JsonObject event = new JsonObject();
		event.addProperty("type", type);
		event.add("object", object);
		event(collection, event.toString());
	}

	private JsonObject send(Request.Builder request) {
		try (Response response = this.http.newCall(request.build()).execute()) {
			String body = response.body().string();
			if (!response.isSuccessful()) {
				throw new IllegalStateException("The mock API answered " + response.code() + ": " + body);
			}
			JsonObject object = Json.parseObject(body);
			String version = Json.string(object, "metadata", "resourceVersion");
			if (version != null) {
				this.lastResourceVersion = version;
			}
			String name = Json.string(object, "metadata", "name");
			String collection = request.build().url().encodedPath().replaceAll("/" + name + "$", "");
			if (!"DELETE".equals(request.build().method())) {
				this.stored.put(collection + "/" + name, body);
			}
			return object;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.server.destroy();
		this.http.connectionPool().evictAll();
	}

	private final class Dispatcher extends KubernetesMixedDispatcher {

		Dispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
			super(responses);
		}

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			String path = request.getPath();
			int query = path.indexOf('?');
			String collection = (query >= 0) ? path.substring(0, query) : path;
			if ("GET".equals(request.getMethod())) {
				String authorization = request.getHeader("Authorization");
				KubernetesApiFixture.this.authorizations.add((authorization != null) ? authorization : "-");
			}
			if ("GET".equals(request.getMethod()) && path.contains("watch=true")) {
				KubernetesApiFixture.this.watchRequests.add(path);
				return watch(collection);
			}
			if ("GET".equals(request.getMethod())) {
				KubernetesApiFixture.this.listRequests.add(path);
			}
			return super.dispatch(request);
		}

		private MockResponse watch(String collection) {
			MockResponse failure = KubernetesApiFixture.this.watchFailure;
			if (failure != null) {
				return failure;
			}
			StringBuilder lines = new StringBuilder();
			Queue<String> pending = KubernetesApiFixture.this.pendingEvents.get(collection);
			for (String line = (pending != null) ? pending.poll() : null; line != null; line = pending.poll()) {
				lines.append(line).append('\n');
			}
			MockResponse response = new MockResponse().setResponseCode(200)
				.setHeader("Content-Type", "application/json");
			if (lines.length() > 0) {
				return response.setBody(lines.toString());
			}
			String bookmark = "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\""
					+ KubernetesApiFixture.this.lastResourceVersion + "\"}}}\n";
			return response.setBody(bookmark).setBodyDelay(QUIET_WATCH_MILLIS, TimeUnit.MILLISECONDS);
		}

	}

}
