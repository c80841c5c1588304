package io.clusterboot.internal.discovery.kubernetes;

import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.Member;
import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.TransportSettings;
import io.clusterboot.testsupport.TestNodes;

import static io.clusterboot.internal.discovery.kubernetes.KubernetesApiFixture.ENDPOINT_SLICES;
import static io.clusterboot.internal.discovery.kubernetes.KubernetesObjects.endpointSlice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster nodes on 127.0.0.2, 127.0.0.3, … (one port, as pods would have), finding each other through
 * {@link KubernetesPeerDiscovery} and fabric8's mock Kubernetes API.
 */
class KubernetesDiscoveryClusterTests {

	private static final Cookie COOKIE = Cookie.of("kubernetes-discovery-test-cookie");

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	// So long that within a test only the first round and the rounds a watch asks for happen.
	private static final Duration NO_POLLING = Duration.ofMinutes(10);

	private static final Duration POLLING = Duration.ofMillis(300);

	private final KubernetesApiFixture api = new KubernetesApiFixture();

	private final List<ClusterNode> nodes = new ArrayList<>();

	private final int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");

	@AfterEach
	void close() {
		this.nodes.forEach(ClusterNode::close);
		this.api.close();
	}

	@Test
	void threeEndpointsFormAMesh() throws Exception {
		this.api.create(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("http", 8080)
			.port("cluster", this.port)
			.ready("127.0.0.2")
			.ready("127.0.0.3")
			.notReady("127.0.0.4")
			.json());
		ClusterNode a = node("127.0.0.2", kubernetes(), POLLING);
		ClusterNode b = node("127.0.0.3", kubernetes(), POLLING);
		ClusterNode c = node("127.0.0.4", kubernetes(), POLLING);
		for (ClusterNode node : List.of(a, b, c)) {
			await().atMost(DEADLINE).untilAsserted(() -> assertThat(connectedNames(node))
				.containsExactlyInAnyOrderElementsOf(List.of(a, b, c)
					.stream()
					.filter((other) -> other != node)
					.map(ClusterNode::self)
					.toList()));
			assertThat(node.discovery().addresses()).containsExactlyInAnyOrder(peer("127.0.0.2"), peer("127.0.0.3"),
					peer("127.0.0.4"));
			assertThat(node.discovery().strategy()).isEqualTo("kubernetes");
		}
	}

	@Test
	void anEndpointAddedThroughTheWatchIsDialledPromptly() throws Exception {
		this.api.create(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("cluster", this.port).ready("127.0.0.2").json());
		ClusterNode a = node("127.0.0.2", kubernetes(), NO_POLLING);
		// b never dials anybody, so a connection between them is a's doing.
		ClusterNode b = node("127.0.0.3", new StaticPeerDiscovery(Set.of()), NO_POLLING);
		await().atMost(DEADLINE).until(() -> a.discovery().lastRun() != null && !this.api.watchRequests().isEmpty());
		assertThat(a.peers()).isEmpty();
		long added = System.nanoTime();
		this.api.replace(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("cluster", this.port)
			.ready("127.0.0.2")
			.notReady("127.0.0.3")
			.json());
		await().atMost(DEADLINE).until(() -> connectedNames(a).contains(b.self()));
		System.out.printf("Dialled a pod added through the watch after %d ms%n",
				Duration.ofNanos(System.nanoTime() - added).toMillis());
		assertThat(connectedNames(b)).containsExactly(a.self());
		assertThat(a.discovery().addresses()).containsExactlyInAnyOrder(peer("127.0.0.2"), peer("127.0.0.3"));
	}

	@Test
	void anEndpointRemovedThroughTheWatchIsNoLongerDialled() throws Exception {
		// Nothing listens on 127.0.0.5: a pod that is listed but cannot be reached.
		this.api.create(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("cluster", this.port)
			.ready("127.0.0.2")
			.ready("127.0.0.5")
			.json());
		ClusterNode a = node("127.0.0.2", kubernetes(), NO_POLLING);
		await().atMost(DEADLINE).until(() -> addresses(a.peers()).contains(peer("127.0.0.5")));
		this.api.replace(ENDPOINT_SLICES,
				endpointSlice("sample-headless-x1").port("cluster", this.port).ready("127.0.0.2").json());
		await().atMost(DEADLINE).until(() -> a.discovery().addresses().equals(Set.of(peer("127.0.0.2"))));
		assertThat(addresses(a.peers())).doesNotContain(peer("127.0.0.5"));
	}

	@Test
	void aForbiddenListKeepsTheClusterAndSaysWhatToGrant() throws Exception {
		ClusterNode a = twoConnectedNodes();
		this.api.failLists(403, KubernetesObjects.forbiddenEndpointSlices());
		await().atMost(DEADLINE).until(() -> a.discovery().error() != null);
		assertThat(a.discovery().error())
			.contains("refused to list endpointslices.discovery.k8s.io in namespace 'shop'")
			.contains("README, section 'Kubernetes API discovery'");
		assertThat(a.discovery().addresses()).containsExactlyInAnyOrder(peer("127.0.0.2"), peer("127.0.0.3"));
		assertThat(a.connectedMembers()).hasSize(1);
		this.api.restoreLists();
		await().atMost(DEADLINE).until(() -> a.discovery().error() == null);
	}

	@Test
	void serverErrorsAndMalformedAnswersKeepTheLastGoodSet() throws Exception {
		ClusterNode a = twoConnectedNodes();
		this.api.failLists(500, KubernetesObjects.status(500, "InternalError", "etcdserver: leader changed"));
		await().atMost(DEADLINE).until(() -> a.discovery().error() != null);
		assertThat(a.discovery().error()).contains("HTTP 500").contains("etcdserver: leader changed");
		assertThat(a.discovery().addresses()).containsExactlyInAnyOrder(peer("127.0.0.2"), peer("127.0.0.3"));
		this.api.restoreLists();
		await().atMost(DEADLINE).until(() -> a.discovery().error() == null);
		this.api.failLists(200, "{\"kind\":\"EndpointSliceList\",\"items\":[{\"metadata\"");
		await().atMost(DEADLINE).until(() -> a.discovery().error() != null);
		assertThat(a.discovery().error()).contains("malformed JSON");
		assertThat(a.discovery().addresses()).containsExactlyInAnyOrder(peer("127.0.0.2"), peer("127.0.0.3"));
		assertThat(a.connectedMembers()).hasSize(1);
	}

	private ClusterNode twoConnectedNodes() throws BindException {
		this.api.create(ENDPOINT_SLICES, endpointSlice("sample-headless-x1").port("cluster", this.port)
			.ready("127.0.0.2")
			.ready("127.0.0.3")
			.json());
		ClusterNode a = node("127.0.0.2", kubernetes(), POLLING);
		ClusterNode b = node("127.0.0.3", kubernetes(), POLLING);
		await().atMost(DEADLINE).until(() -> connectedNames(a).contains(b.self()));
		return a;
	}

	private PeerDiscovery kubernetes() {
		return new KubernetesPeerDiscovery(this.api.client(), KubernetesPeerDiscoveryTests
			.settings(KubernetesDiscoveryMode.ENDPOINT_SLICES, true, Duration.ofSeconds(5), true));
	}

	private ClusterNode node(String host, PeerDiscovery discovery, Duration pollInterval) throws BindException {
		TransportSettings transport = new TransportSettings(host, this.port, this.port, 1024 * 1024,
				Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(3), 64, 8, 1);
		ClusterSettings settings = new ClusterSettings("sample", host, false, transport, pollInterval,
				Duration.ofMillis(100), Duration.ofSeconds(1));
		ClusterNode node = new ClusterNode(settings, COOKIE, discovery);
		this.nodes.add(node);
		return node.start();
	}

	private PeerAddress peer(String host) {
		return new PeerAddress(host, this.port);
	}

	private static List<NodeName> connectedNames(ClusterNode node) {
		return node.connectedMembers().stream().map(Member::name).toList();
	}

	private static List<PeerAddress> addresses(List<Member> members) {
		return members.stream().map(Member::address).toList();
	}

}
