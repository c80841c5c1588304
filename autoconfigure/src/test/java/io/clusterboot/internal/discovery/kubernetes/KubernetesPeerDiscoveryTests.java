package io.clusterboot.internal.discovery.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.testsupport.TestNodes;
import io.clusterboot.discovery.PeerAddress;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.TokenFileAuthentication;

import static io.clusterboot.internal.discovery.kubernetes.KubernetesApiFixture.ENDPOINT_SLICES;
import static io.clusterboot.internal.discovery.kubernetes.KubernetesApiFixture.NAMESPACE;
import static io.clusterboot.internal.discovery.kubernetes.KubernetesApiFixture.PODS;
import static io.clusterboot.internal.discovery.kubernetes.KubernetesObjects.endpointSlice;
import static io.clusterboot.internal.discovery.kubernetes.KubernetesObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link KubernetesPeerDiscovery} against fabric8's mock Kubernetes API: what it lists, how it
 * fails, and how its watch asks for rounds.
 */
class KubernetesPeerDiscoveryTests {

	private static final int TRANSPORT_PORT = 4370;

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final KubernetesApiFixture api = new KubernetesApiFixture();

	private KubernetesPeerDiscovery discovery;

	@AfterEach
	void close() {
		if (this.discovery != null) {
			this.discovery.close();
		}
		this.api.close();
	}

	@Test
	void listsReadyAndNotReadyEndpointsOfTheServiceOnThePortNamedCluster() {
		this.api.create(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("http", 8080)
			.port("cluster", 4380)
			.ready("127.0.1.1")
			.notReady("127.0.1.2")
			.json());
		assertThat(found(slices(true))).containsExactlyInAnyOrder(peer("127.0.1.1", 4380), peer("127.0.1.2", 4380));
		assertThat(this.api.listRequests()).allSatisfy((path) -> assertThat(path)
			.isEqualTo(ENDPOINT_SLICES + "?labelSelector=kubernetes.io%2Fservice-name%3Dsample-headless"));
	}

	@Test
	void leavesOutNotReadyEndpointsWhenNotReadyOnesAreNotIncluded() {
		this.api.create(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("cluster", 4370)
			.ready("127.0.1.1")
			.notReady("127.0.1.2")
			.json());
		assertThat(found(slices(false))).containsExactly(peer("127.0.1.1", 4370));
	}

	@Test
	void neverListsTerminatingEndpoints() {
		this.api.create(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("cluster", 4370)
			.ready("127.0.1.1")
			.terminating("127.0.1.2")
			.endpoint("127.0.1.3", true, true, true)
			.json());
		assertThat(found(slices(true))).containsExactly(peer("127.0.1.1", 4370));
		assertThat(found(slices(false))).containsExactly(peer("127.0.1.1", 4370));
	}

	@Test
	void usesTheTransportPortWhenNoPortHasTheName() {
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("http", 8080).ready("127.0.1.1").json());
		assertThat(found(slices(true))).containsExactly(peer("127.0.1.1", TRANSPORT_PORT));
	}

	@Test
	void mergesTheSlicesOfTheServiceAndIgnoresOtherServices() {
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("cluster", 4370).ready("127.0.1.1").json());
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x2").port("cluster", 4370).ready("127.0.1.2").json());
		this.api.create(ENDPOINT_SLICES, endpointSlice("other-x1").port("cluster", 4370)
			.ready("127.0.1.9")
			.json()
			.replace("\"kubernetes.io/service-name\":\"sample-headless\"", "\"kubernetes.io/service-name\":\"other\""));
		assertThat(found(slices(true))).containsExactlyInAnyOrder(peer("127.0.1.1", 4370), peer("127.0.1.2", 4370));
	}

	@Test
	void anEmptyServiceIsFoundEmptyNotFailed() {
		assertThat(found(slices(true))).isEmpty();
	}

	@Test
	void listsRunningPodsWithAnIpThatAreNotBeingDeleted() {
		this.api.create(PODS, pod("sample-a", "127.0.2.1").containerPort("cluster", 4390).ready(true).json());
		this.api.create(PODS, pod("sample-b", "127.0.2.2").containerPort("cluster", 4390).ready(false).json());
		this.api.create(PODS, pod("sample-c", "127.0.2.3").containerPort("http", 8080).ready(true).json());
		this.api.create(PODS, pod("sample-pending", null).phase("Pending").json());
		this.api.create(PODS, pod("sample-no-ip", null).json());
		this.api.create(PODS, pod("sample-done", "127.0.2.5").phase("Succeeded").json());
		this.api.create(PODS, pod("sample-leaving", "127.0.2.6").finalizer("example.com/hold").ready(true).json());
		this.api.delete(PODS, "sample-leaving"); // marked with a deletionTimestamp, kept for its finalizer
		this.api.create(PODS, pod("other", "127.0.2.7").label("app", "other").ready(true).json());
		assertThat(found(pods(true))).containsExactlyInAnyOrder(peer("127.0.2.1", 4390), peer("127.0.2.2", 4390),
				peer("127.0.2.3", TRANSPORT_PORT));
		assertThat(found(pods(false))).containsExactlyInAnyOrder(peer("127.0.2.1", 4390),
				peer("127.0.2.3", TRANSPORT_PORT));
		assertThat(this.api.listRequests()).allSatisfy(
				(path) -> assertThat(path).isEqualTo(PODS + "?labelSelector=app%3Dsample"));
	}

	@Test
	void aForbiddenListFailsSayingWhatToGrantAndWhere() {
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("cluster", 4370).ready("127.0.1.1").json());
		KubernetesPeerDiscovery discovery = slices(true);
		assertThat(found(discovery)).isNotEmpty();
		this.api.failLists(403, KubernetesObjects.forbiddenEndpointSlices());
		assertThat(failure(discovery)).contains("refused to list endpointslices.discovery.k8s.io in namespace 'shop'")
			.contains("HTTP 403")
			.contains("system:serviceaccount:shop:default")
			.contains("get, list and watch on the resource 'endpointslices' in the API group 'discovery.k8s.io'")
			.contains("README, section 'Kubernetes API discovery'");
	}

	@Test
	void aForbiddenPodListNamesTheCoreGroup() {
		this.api.create(PODS, pod("sample-a", "127.0.2.1").json());
		KubernetesPeerDiscovery discovery = pods(true);
		found(discovery);
		this.api.failLists(403, KubernetesObjects.status(403, "Forbidden", "pods is forbidden"));
		assertThat(failure(discovery)).contains("refused to list pods in namespace 'shop'")
			.contains("on the resource 'pods' in the API group ''")
			.contains("(mode pods: resource pods in the core group)");
	}

	@Test
	void rejectedCredentialsFailSayingWhatToCheck() {
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		this.api.failLists(401, KubernetesObjects.status(401, "Unauthorized", "Unauthorized"));
		assertThat(failure(discovery)).contains("HTTP 401")
			.contains("list endpointslices.discovery.k8s.io in namespace 'shop'")
			.contains("service-account token")
			.contains("README, section 'Kubernetes API discovery'");
	}

	@Test
	void aServerErrorFails() {
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		this.api.failLists(500, KubernetesObjects.status(500, "InternalError", "etcdserver: request timed out"));
		assertThat(failure(discovery)).isEqualTo("The Kubernetes API answered HTTP 500 to list "
				+ "endpointslices.discovery.k8s.io in namespace 'shop': etcdserver: request timed out");
	}

	@Test
	void malformedAnswersFail() {
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		for (String body : List.of("{\"kind\":\"EndpointSliceList\",\"items\":[{\"metadata\":", "<html>bad gateway</html>",
				"{\"kind\":\"EndpointSliceList\"}", "{\"items\":[{\"metadata\":{\"name\":\"x\"},\"endpoints\":{}}]}",
				"{\"items\":[{\"metadata\":{\"name\":\"x\"},\"endpoints\":[{\"addresses\":[\"127.0.1.1\"]}],"
						+ "\"ports\":[{\"name\":\"cluster\",\"port\":70000}]}]}")) {
			this.api.restoreLists();
			this.api.failLists(200, body);
			assertThat(failure(discovery)).as(body).contains("with malformed JSON");
		}
	}

	@Test
	void aSlowAnswerFailsAfterTheRequestTimeout() {
		KubernetesPeerDiscovery discovery = discovery(KubernetesDiscoveryMode.ENDPOINT_SLICES, true,
				Duration.ofMillis(300), false);
		found(discovery);
		String path = this.api.listRequests().get(0);
		this.api.server().expect().get().delay(5, TimeUnit.SECONDS).withPath(path).andReturn(200, "{\"items\":[]}").always();
		assertThat(failure(discovery)).contains("did not answer within 300 ms")
			.contains("cluster.discovery.kubernetes.request-timeout");
	}

	@Test
	void anUnreachableApiFails() throws Exception {
		int closedPort = TestNodes.freePort("127.0.0.1");
		this.discovery = new KubernetesPeerDiscovery(
				new ClientBuilder().setBasePath("http://127.0.0.1:" + closedPort).build(),
				settings(KubernetesDiscoveryMode.ENDPOINT_SLICES, true, Duration.ofSeconds(5), false));
		assertThat(failure(this.discovery)).startsWith("Cannot reach the Kubernetes API at http://127.0.0.1:" + closedPort);
	}

	@Test
	void aChangeSeenByTheWatchAsksForARoundAndTheWatchResumesFromTheList() {
		KubernetesPeerDiscovery discovery = slices(true);
		assertThat(found(discovery)).isEmpty();
		AtomicInteger rounds = new AtomicInteger();
		discovery.watch(rounds::incrementAndGet);
		await().atMost(DEADLINE).until(() -> !this.api.watchRequests().isEmpty());
		assertThat(this.api.watchRequests().get(0)).startsWith(ENDPOINT_SLICES + "?")
			.contains("allowWatchBookmarks=true")
			.contains("labelSelector=kubernetes.io%2Fservice-name%3Dsample-headless")
			.contains("resourceVersion=")
			.contains("watch=true");
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("cluster", 4370).ready("127.0.1.1").json());
		await().atMost(DEADLINE).until(() -> rounds.get() == 1);
		assertThat(found(discovery)).containsExactly(peer("127.0.1.1", 4370));
	}

	@Test
	void anEventThatChangesNoPeerDoesNotAskForARound() {
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("cluster", 4370).ready("127.0.1.1").json());
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		AtomicInteger rounds = new AtomicInteger();
		discovery.watch(rounds::incrementAndGet);
		this.api.replace(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("cluster", 4370)
			.ready("127.0.1.1")
			.json()
			.replace("\"zone\":\"zone-a\"", "\"zone\":\"zone-b\""));
		awaitEventsDeliveredAndProcessed(ENDPOINT_SLICES);
		assertThat(rounds).hasValue(0);
		this.api.replace(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("cluster", 4370)
			.notReady("127.0.1.1")
			.json());
		awaitEventsDeliveredAndProcessed(ENDPOINT_SLICES);
		assertThat(rounds).as("not-ready is included: no change").hasValue(0);
		this.api.delete(ENDPOINT_SLICES, "sample-headless-x1");
		await().atMost(DEADLINE).until(() -> rounds.get() == 1);
	}

	@Test
	void podsAreWatchedToo() {
		KubernetesPeerDiscovery discovery = pods(false);
		found(discovery);
		AtomicInteger rounds = new AtomicInteger();
		discovery.watch(rounds::incrementAndGet);
		this.api.create(PODS, pod("sample-a", "127.0.2.1").json());
		awaitEventsDeliveredAndProcessed(PODS);
		assertThat(rounds).as("not ready yet").hasValue(0);
		this.api.replace(PODS, pod("sample-a", "127.0.2.1").ready(true).json());
		await().atMost(DEADLINE).until(() -> rounds.get() == 1);
		assertThat(this.api.watchRequests()).allSatisfy((path) -> assertThat(path).startsWith(PODS + "?")
			.contains("labelSelector=app%3Dsample"));
	}

	@Test
	void anExpiredWatchListsAgainAndRestartsFromTheCurrentState() {
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		AtomicInteger rounds = new AtomicInteger();
		discovery.watch(rounds::incrementAndGet);
		this.api.event(ENDPOINT_SLICES, "{\"type\":\"ERROR\",\"object\":"
				+ KubernetesObjects.status(410, "Expired", "too old resource version: 1 (57)") + "}");
		await().atMost(DEADLINE).until(() -> rounds.get() == 1);
		await().atMost(DEADLINE)
			.until(() -> this.api.watchRequests().stream().anyMatch((path) -> !path.contains("resourceVersion=")));
	}

	@Test
	void aWatchRefusedAsTooOldListsAgainAndNeverBusyLoops() {
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		this.api.failWatches(410, KubernetesObjects.status(410, "Expired", "too old resource version: 0 (57)"));
		AtomicInteger rounds = new AtomicInteger();
		long start = System.nanoTime();
		discovery.watch(rounds::incrementAndGet);
		await().atMost(DEADLINE).until(() -> rounds.get() == 1);
		// From the current state the server still says "too old": wait, do not hammer it. However long
		// this takes, the watch requests never outnumber what the growing backoff allows in the time
		// that passed (the count is read before the clock, so a slow machine only loosens the bound).
		await().atMost(DEADLINE).until(() -> {
			int requests = this.api.watchRequests().size();
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(requests).as("watch requests %s after the first watch", elapsed)
				.isLessThanOrEqualTo(mostWatchesWithBackoff(elapsed));
			return requests >= 5;
		});
		assertThat(rounds).hasValue(1);
		assertThat(this.api.watchRequests().get(0)).contains("resourceVersion=");
		assertThat(this.api.watchRequests().subList(1, 5)).allSatisfy(
				(path) -> assertThat(path).doesNotContain("resourceVersion="));
	}

	// The first watch (from the listed version) is refused and retried at once from the current state;
	// each refusal from there waits at least half of 1 s, 2 s, 4 s, ... (ResourceWatcher's backoff with
	// its jitter), capped at half of a minute.
	private static int mostWatchesWithBackoff(Duration elapsed) {
		int watches = 2;
		Duration waited = Duration.ZERO;
		for (long backoff = ResourceWatcher.INITIAL_BACKOFF.toMillis();; backoff = Math.min(backoff * 2,
				ResourceWatcher.MAX_BACKOFF.toMillis())) {
			waited = waited.plusMillis(backoff / 2);
			if (waited.compareTo(elapsed) > 0) {
				return watches;
			}
			watches++;
		}
	}

	@Test
	void aWatchThatBreaksResumesFromTheLastEventItSaw() {
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		AtomicInteger rounds = new AtomicInteger();
		JsonObject created = this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("cluster", 4370).ready("127.0.1.1").json());
		// The stream breaks after the event: a line that is not JSON.
		this.api.event(ENDPOINT_SLICES, "{\"type\":\"MODIFIED\",\"object\":");
		discovery.watch(rounds::incrementAndGet);
		await().atMost(DEADLINE).until(() -> rounds.get() == 1);
		String version = Json.string(created, "metadata", "resourceVersion");
		await().atMost(DEADLINE).until(() -> this.api.watchRequests().size() >= 2);
		assertThat(this.api.watchRequests().get(1)).contains("resourceVersion=" + version + "&");
	}

	@Test
	void aRefusedWatchIsRetriedWhileListsGoOnWorking() {
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		this.api.failWatches(403, KubernetesObjects.status(403, "Forbidden", "cannot watch endpointslices"));
		AtomicInteger rounds = new AtomicInteger();
		discovery.watch(rounds::incrementAndGet);
		await().atMost(DEADLINE).until(() -> this.api.watchRequests().size() >= 2);
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("cluster", 4370).ready("127.0.1.1").json());
		assertThat(found(discovery)).containsExactly(peer("127.0.1.1", 4370));
		this.api.failWatches(0, null);
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x2").port("cluster", 4370).ready("127.0.1.2").json());
		await().atMost(DEADLINE).until(() -> rounds.get() == 1);
	}

	@Test
	void closeStopsTheWatch() {
		KubernetesPeerDiscovery discovery = slices(true);
		found(discovery);
		discovery.watch(() -> {
		});
		await().atMost(DEADLINE).until(() -> watchThreads() == 1);
		discovery.close();
		await().atMost(DEADLINE).until(() -> watchThreads() == 0);
		int requests = this.api.watchRequests().size();
		discovery.watch(() -> {
		});
		assertThat(watchThreads()).as("no watch after close").isZero();
		assertThat(this.api.watchRequests()).hasSize(requests);
	}

	@Test
	void listsAndWatchesWithTheServiceAccountTokenAsItIsRenewed(@TempDir Path directory) throws Exception {
		// As in a pod: the token file that the kubelet rotates, read again by client-java once it is due.
		Path token = directory.resolve("token");
		Files.writeString(token, "first-token");
		ApiClient client = new ClientBuilder().setBasePath(this.api.baseUrl())
			.setAuthentication(new TokenFileAuthentication(token.toString(), Duration.ofMillis(1)))
			.build();
		this.discovery = new KubernetesPeerDiscovery(client,
				settings(KubernetesDiscoveryMode.ENDPOINT_SLICES, true, Duration.ofSeconds(5), true));
		found(this.discovery);
		this.discovery.watch(() -> {
		});
		await().atMost(DEADLINE).until(() -> !this.api.watchRequests().isEmpty());
		assertThat(this.api.authorizations()).isNotEmpty().containsOnly("Bearer first-token");
		Files.writeString(token, "second-token");
		int before = this.api.authorizations().size();
		await().atMost(DEADLINE).until(() -> this.api.watchRequests().size() > 2
				&& this.api.authorizations().subList(before, this.api.authorizations().size()).contains("Bearer second-token"));
		found(this.discovery);
		assertThat(this.api.authorizations()).last().isEqualTo("Bearer second-token");
	}

	@Test
	void doesNotWatchWhenWatchingIsOff() {
		KubernetesPeerDiscovery discovery = discovery(KubernetesDiscoveryMode.ENDPOINT_SLICES, true,
				Duration.ofSeconds(5), false);
		found(discovery);
		discovery.watch(() -> {
		});
		assertThat(watchThreads()).isZero();
	}

	// The watcher handles the events of one response before it sends the next watch request, so a
	// later request means the queued events were handed on.
	private void awaitEventsDeliveredAndProcessed(String collection) {
		await().atMost(DEADLINE).until(() -> this.api.eventsDelivered(collection));
		int requests = this.api.watchRequests().size();
		await().atMost(DEADLINE).until(() -> this.api.watchRequests().size() > requests);
	}

	private static long watchThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("cluster-kubernetes-watch") && thread.isAlive())
			.count();
	}

	private KubernetesPeerDiscovery slices(boolean includeNotReady) {
		return discovery(KubernetesDiscoveryMode.ENDPOINT_SLICES, includeNotReady, Duration.ofSeconds(5), true);
	}

	private KubernetesPeerDiscovery pods(boolean includeNotReady) {
		return discovery(KubernetesDiscoveryMode.PODS, includeNotReady, Duration.ofSeconds(5), true);
	}

	private KubernetesPeerDiscovery discovery(KubernetesDiscoveryMode mode, boolean includeNotReady,
			Duration timeout, boolean watch) {
		if (this.discovery != null) {
			this.discovery.close();
		}
		this.discovery = new KubernetesPeerDiscovery(this.api.client(),
				settings(mode, includeNotReady, timeout, watch));
		return this.discovery;
	}

	static KubernetesDiscoverySettings settings(KubernetesDiscoveryMode mode, boolean includeNotReady,
			Duration timeout, boolean watch) {
		return new KubernetesDiscoverySettings(NAMESPACE, mode, KubernetesObjects.SERVICE, "app=sample", "cluster",
				TRANSPORT_PORT, includeNotReady, timeout, watch);
	}

	private static Set<PeerAddress> found(KubernetesPeerDiscovery discovery) {
		DiscoveryResult result = discovery.discover();
		assertThat(result).isInstanceOf(DiscoveryResult.Found.class);
		return ((DiscoveryResult.Found) result).addresses();
	}

	private static String failure(KubernetesPeerDiscovery discovery) {
		DiscoveryResult result = discovery.discover();
		assertThat(result).isInstanceOf(DiscoveryResult.Failed.class);
		return ((DiscoveryResult.Failed) result).error();
	}

	private static PeerAddress peer(String host, int port) {
		return new PeerAddress(host, port);
	}

}
