package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.Reason;
import io.clusterboot.ClusterListener;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Five nodes in one JVM on 127.0.0.2-6, each told statically of only one other node.
 */
class MeshTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final TestNodes nodes = new TestNodes();

	private final int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void partialDiscoveryConvergesToAFullMeshThroughMemberLists() throws Exception {
		List<ClusterNode> cluster = startChain(5);
		TestNodes.awaitFullMesh(cluster);
	}

	@Test
	void aGracefullyClosedNodeIsSeenLeftAndRejoinsWhenRestarted() throws Exception {
		List<ClusterNode> cluster = startChain(5);
		TestNodes.awaitFullMesh(cluster);
		List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();
		cluster.forEach((node) -> node.addListener(new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				downs.add(event);
			}
		}));

		ClusterNode leaving = cluster.get(2);
		NodeName leavingName = leaving.self();
		leaving.close();

		List<ClusterNode> others = new ArrayList<>(cluster);
		others.remove(leaving);
		await().atMost(DEADLINE).untilAsserted(() -> {
			for (ClusterNode node : others) {
				assertThat(stateOf(node, leavingName)).as("%s sees %s", node.self(), leavingName)
					.isEqualTo(MemberState.LEFT);
			}
		});
		assertThat(downs).hasSize(4).allSatisfy((event) -> assertThat(event.reason()).isEqualTo(Reason.LEFT));
		// Left nodes are not redialled: for several poll intervals they stay "left".
		await().during(Duration.ofMillis(1500)).atMost(DEADLINE).untilAsserted(() -> others
			.forEach((node) -> assertThat(stateOf(node, leavingName)).isEqualTo(MemberState.LEFT)));

		ClusterNode restarted = this.nodes.start("127.0.0.4", this.port, Set.of(address("127.0.0.5")));
		others.add(restarted);
		TestNodes.awaitFullMesh(others);
	}

	private List<ClusterNode> startChain(int size) throws Exception {
		List<ClusterNode> cluster = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			String host = "127.0.0." + (2 + i);
			String next = "127.0.0." + (2 + (i + 1) % size);
			cluster.add(this.nodes.start(host, this.port, Set.of(address(next))));
		}
		return cluster;
	}

	static MemberState stateOf(ClusterNode node, NodeName name) {
		return node.peers()
			.stream()
			.filter((m) -> name.equals(m.name()))
			.map(Member::state)
			.findFirst()
			.orElse(null);
	}

	private PeerAddress address(String host) {
		return new PeerAddress(host, this.port);
	}

}
