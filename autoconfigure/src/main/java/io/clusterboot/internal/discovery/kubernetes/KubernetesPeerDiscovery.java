package io.clusterboot.internal.discovery.kubernetes;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

/**
 * Peers from the Kubernetes API, through the official client: the EndpointSlices of a Service or the
 * Pods that match a label selector, in one namespace. Each round lists them; between rounds a watch
 * asks the cluster for a round as soon as an object changes the set of peers, so that a new pod is
 * dialled at once. Refusals (401, 403), server errors, timeouts and malformed answers are failures,
 * never "no peers".
 */
public final class KubernetesPeerDiscovery implements PeerDiscovery {

	private static final Logger logger = LoggerFactory.getLogger(KubernetesPeerDiscovery.class);

	private final ApiClient client;

	private final KubernetesDiscoverySettings settings;

	private final PeerSource source;

	private final CountDownLatch firstList = new CountDownLatch(1);

	// The peers each object named at the last list, updated by watch events, so that an event that
	// changes nothing (a pod's status heartbeat, say) does not cost every node a list request.
	private volatile Map<String, Set<PeerAddress>> peersByObject = new ConcurrentHashMap<>();

	private volatile String listedResourceVersion;

	private ResourceWatcher watcher;

	private boolean closed;

	/**
	 * Creates the discovery.
	 * @param client the client, e.g. the one Spring Cloud Kubernetes configures in a pod
	 * @param settings what to list and how
	 */
	public KubernetesPeerDiscovery(ApiClient client, KubernetesDiscoverySettings settings) {
		this.client = client;
		this.settings = settings;
		this.source = (settings.mode() == KubernetesDiscoveryMode.PODS) ? new PodSource(client, settings)
				: new EndpointSliceSource(client, settings);
	}

	@Override
	public String name() {
		return "kubernetes";
	}

	@Override
	public DiscoveryResult discover() {
		String request = "list " + ApiFailures.target(this.source, this.settings.namespace());
		Call call;
		try {
			call = this.source.list();
		}
		catch (ApiException ex) {
			return DiscoveryResult.failed("Cannot build the request to " + request + ": " + ex.getMessage());
		}
		call.timeout().timeout(this.settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		try (Response response = call.execute()) {
			ResponseBody body = response.body();
			String text = (body != null) ? body.string() : "";
			if (!response.isSuccessful()) {
				return DiscoveryResult.failed(ApiFailures.describe(response.code(), text, "list", this.source,
						this.settings.namespace()));
			}
			return DiscoveryResult.found(listed(Json.parseObject(text)));
		}
		catch (InterruptedIOException ex) {
			return DiscoveryResult.failed("The Kubernetes API at " + this.client.getBasePath() + " did not answer "
					+ "within " + this.settings.requestTimeout().toMillis() + " ms to " + request
					+ " (cluster.discovery.kubernetes.request-timeout)");
		}
		catch (IOException ex) {
			return DiscoveryResult.failed("Cannot reach the Kubernetes API at " + this.client.getBasePath() + " to "
					+ request + ": " + ex);
		}
		catch (MalformedObjectException | IllegalArgumentException ex) {
			return DiscoveryResult.failed("The Kubernetes API answered the request to " + request
					+ " with malformed JSON: " + ex.getMessage());
		}
	}

	private Set<PeerAddress> listed(JsonObject list) {
		if (!list.has("items")) {
			throw new MalformedObjectException("a list without items");
		}
		Map<String, Set<PeerAddress>> byObject = new ConcurrentHashMap<>();
		Set<PeerAddress> peers = new LinkedHashSet<>();
		for (JsonObject item : Json.objects(Json.array(list, "items"), "items")) {
			Set<PeerAddress> named = this.source.peers(item);
			byObject.put(key(item), named);
			peers.addAll(named);
		}
		this.peersByObject = byObject;
		this.listedResourceVersion = Json.string(list, "metadata", "resourceVersion");
		this.firstList.countDown();
		return peers;
	}

	/**
	 * Watches the objects and calls back when one of them changes which peers it names.
	 * @param changed to call for a new round
	 */
	@Override
	public synchronized void watch(Runnable changed) {
		if (this.closed || this.watcher != null) {
			return;
		}
		logger.info("Discovering peers from {}", this);
		if (!this.settings.watch()) {
			return;
		}
		this.watcher = new ResourceWatcher(this.client, this.source, this.settings, this::startingPoint,
				(type, object) -> changed(type, object, changed), changed);
		this.watcher.start();
	}

	// Where a watch starts: the resource version of the first list (waiting briefly for it), so that
	// the watch neither misses a change after the list nor replays every object as "added".
	private String startingPoint() throws InterruptedException {
		this.firstList.await(this.settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
		return this.listedResourceVersion;
	}

	private void changed(String type, JsonObject object, Runnable changed) {
		String key = key(object);
		Set<PeerAddress> now = "DELETED".equals(type) ? Set.of() : this.source.peers(object);
		Set<PeerAddress> before = this.peersByObject.getOrDefault(key, Set.of());
		if (now.equals(before)) {
			return;
		}
		if (now.isEmpty()) {
			this.peersByObject.remove(key);
		}
		else {
			this.peersByObject.put(key, now);
		}
		logger.debug("{} {} {} names {} (was {}): asking for a discovery round", type, this.source.resource(), key,
				now, before);
		changed.run();
	}

	private static String key(JsonObject object) {
		String name = Json.string(object, "metadata", "name");
		if (name == null) {
			throw new MalformedObjectException("an object without metadata.name");
		}
		return name;
	}

	@Override
	public void close() {
		ResourceWatcher stopping;
		synchronized (this) {
			this.closed = true;
			stopping = this.watcher;
		}
		if (stopping != null) {
			stopping.stop();
		}
	}

	@Override
	public String toString() {
		String what = (this.settings.mode() == KubernetesDiscoveryMode.PODS)
				? "pods (" + this.settings.labelSelector() + ")"
				: "endpointslices of service '" + this.settings.serviceName() + "'";
		return what + " in namespace '" + this.settings.namespace() + "' at " + this.client.getBasePath() + ", port '"
				+ this.settings.portName() + "' (else " + this.settings.defaultPort() + ")"
				+ (this.settings.includeNotReady() ? ", not-ready included" : "")
				+ (this.settings.watch() ? ", watched" : "");
	}

}
