package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.ClusterListener;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.Cookies;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's cookie rotation, run as two rolling restarts of three nodes while a fourth watches:
 * first every node uses the new cookie and still accepts the old one, then every node drops the old
 * one. Nodes that share a cookie always connect, so the watcher sees each restarted node leave and
 * come back and nothing else go down; at the end the old cookie is refused.
 */
class CookieRotationTests {

	private static final Cookie OLD = Cookie.of("the-cookie-the-cluster-moves-away-from-0123");

	private static final Cookie NEW = Cookie.of("the-cookie-the-cluster-moves-to-456789abcdef");

	private static final List<String> ROTATED = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");

	private static final String WATCHER = "127.0.0.5";

	private final TestNodes nodes = new TestNodes();

	private final int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void twoRollingRestartsMoveTheClusterToANewCookieWithNoOtherNodeDown() throws Exception {
		List<ClusterNode> cluster = new ArrayList<>();
		for (String host : ROTATED) {
			cluster.add(start(host, Cookies.of(OLD)));
		}
		// The watcher stands for the nodes of the cluster that are not restarted in this test: it was
		// already given both cookies, and keeps them to the end.
		ClusterNode watcher = start(WATCHER, new Cookies(OLD, List.of(NEW)));
		cluster.add(watcher);
		TestNodes.awaitFullMesh(cluster);
		List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();
		watcher.addListener(new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				downs.add(event);
			}
		});

		Cookies step1 = new Cookies(NEW, List.of(OLD));
		Cookies step2 = Cookies.of(NEW);
		List<NodeName> restarted = new ArrayList<>();
		List<ClusterNode> everyNode = new ArrayList<>(cluster);
		for (Cookies step : List.of(step1, step2)) {
			for (int i = 0; i < ROTATED.size(); i++) {
				ClusterNode old = cluster.get(i);
				old.close();
				restarted.add(old.self());
				ClusterNode next = start(ROTATED.get(i), step);
				cluster.set(i, next);
				everyNode.add(next);
				TestNodes.awaitFullMesh(cluster);
			}
		}

		assertThat(downs).extracting((down) -> down.member().name()).containsExactlyElementsOf(restarted);
		assertThat(downs).extracting(NodeDownEvent::reason).containsOnly(Reason.LEFT);
		// Not one refusal, in either direction: a mesh forms even when only one of two directions works.
		for (ClusterNode node : everyNode) {
			assertThat(node.connectionAttempts()).as("dials of %s", node.self()).doesNotContainKey(Reason.BAD_COOKIE.id());
		}
		for (ClusterNode node : cluster.subList(0, ROTATED.size())) {
			assertThat(node.peers()).filteredOn(Member::isConnected)
				.extracting(Member::cookieFingerprint)
				.containsOnly(NEW.fingerprint());
		}

		ClusterNode stale = start("127.0.0.6", Cookies.of(OLD));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (String host : ROTATED) {
				assertThat(stale.peers()).filteredOn((m) -> m.address().host().equals(host))
					.singleElement()
					.satisfies((m) -> {
						assertThat(m.state()).isEqualTo(MemberState.REJECTED);
						assertThat(m.lastError()).isEqualTo(Reason.BAD_COOKIE);
					});
			}
		});
	}

	private ClusterNode start(String host, Cookies cookies) throws Exception {
		Set<PeerAddress> everyone = Set.of(new PeerAddress("127.0.0.2", this.port),
				new PeerAddress("127.0.0.3", this.port), new PeerAddress("127.0.0.4", this.port),
				new PeerAddress(WATCHER, this.port));
		ClusterNode node = new ClusterNode(TestNodes.settings(host, this.port), cookies,
				new StaticPeerDiscovery(everyone));
		this.nodes.adopt(node);
		node.start();
		return node;
	}

}
