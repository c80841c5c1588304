package io.clusterboot.internal.discovery.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.clusterboot.Reason;
import io.clusterboot.ClusterListener;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.actuate.ClusterEndpoint;
import io.clusterboot.actuate.ClusterFormat;
import io.clusterboot.actuate.ClusterHealthIndicator;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.testsupport.TestNodes;

import static io.clusterboot.testsupport.TestNodes.awaitFullMesh;
import static io.clusterboot.testsupport.TestNodes.connectedNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes that find each other through the A records of one name, served by dnsmasq: the way pods find
 * each other through a headless Service.
 */
@ExtendWith(OutputCaptureExtension.class)
class DnsClusterTests {

	private static final String NAME = "peers." + Dnsmasq.DOMAIN;

	private static final String[] HOSTS = { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5" };

	private final TestNodes nodes = new TestNodes();

	private final List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();

	private Dnsmasq dnsmasq;

	private int port;

	@BeforeEach
	void startDns() throws Exception {
		this.dnsmasq = Dnsmasq.start();
		this.port = TestNodes.freePort(HOSTS);
	}

	@AfterEach
	void stopAll() throws Exception {
		this.nodes.close();
		this.dnsmasq.close();
	}

	@Test
	void threeNodesWithARecordsFormAFullMesh() throws Exception {
		publish(HOSTS[0], HOSTS[1], HOSTS[2]);
		awaitFullMesh(List.of(start(HOSTS[0]), start(HOSTS[1]), start(HOSTS[2])));
	}

	@Test
	void nodesOnIpv4AndIpv6AddressesFormAFullMesh() throws Exception {
		this.port = TestNodes.freePort(HOSTS[0], HOSTS[1], "::1");
		this.dnsmasq.hosts("peers", HOSTS[0] + " " + NAME, HOSTS[1] + " " + NAME, "::1 " + NAME);
		awaitFullMesh(List.of(start(HOSTS[0]), start(HOSTS[1]), start("::1")));
	}

	@Test
	void aNodeWhoseRecordIsAddedJoinsAndOneWhoseRecordIsRemovedLeavesWithoutDisturbingTheRest() throws Exception {
		publish(HOSTS[0], HOSTS[1], HOSTS[2]);
		List<ClusterNode> three = List.of(start(HOSTS[0]), start(HOSTS[1]), start(HOSTS[2]));
		awaitFullMesh(three);
		Map<String, Instant> connectedSince = connectedSince(three);

		publish(HOSTS[0], HOSTS[1], HOSTS[2], HOSTS[3]);
		ClusterNode fourth = start(HOSTS[3]);
		awaitFullMesh(List.of(three.get(0), three.get(1), three.get(2), fourth));

		publish(HOSTS[0], HOSTS[1], HOSTS[2]);
		Set<PeerAddress> remaining = Set.of(address(HOSTS[0]), address(HOSTS[1]), address(HOSTS[2]));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> three.forEach((node) -> assertThat(node.discovery().addresses()).isEqualTo(remaining)));
		fourth.close();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> three.forEach((node) -> assertThat(connectedNames(node)).doesNotContain(fourth.self())));

		awaitFullMesh(three);
		assertThat(connectedSince(three)).as("connections between the three stay as they were")
			.isEqualTo(connectedSince);
		assertThat(this.downs).as("only the fourth node went down").allSatisfy((down) -> {
			assertThat(down.member().name()).isEqualTo(fourth.self());
			assertThat(down.reason()).isEqualTo(Reason.LEFT);
		});
		assertThat(this.downs).hasSize(3);
		for (ClusterNode node : three) {
			Member gone = node.peers().stream().filter((m) -> fourth.self().equals(m.name())).findFirst().orElseThrow();
			assertThat(gone.state()).isEqualTo(MemberState.LEFT);
		}
	}

	@Test
	void theClusterStaysWholeWhileDnsIsDownAndTheErrorClearsWhenItReturns(CapturedOutput output) throws Exception {
		publish(HOSTS[0], HOSTS[1], HOSTS[2]);
		List<ClusterNode> three = List.of(start(HOSTS[0]), start(HOSTS[1]), start(HOSTS[2]));
		awaitFullMesh(three);
		Map<String, Instant> connectedSince = connectedSince(three);
		Set<PeerAddress> all = Set.of(address(HOSTS[0]), address(HOSTS[1]), address(HOSTS[2]));

		this.dnsmasq.stop();
		String server = "127.0.0.1:" + this.dnsmasq.address().getPort();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> three
			.forEach((node) -> assertThat(node.discovery().error()).contains("DNS query " + NAME + ".", server)));
		// What operators see: the endpoint (JSON and page) and the health details name the failure.
		ClusterNode first = three.get(0);
		ClusterEndpoint endpoint = new ClusterEndpoint(first, Instant.now(), Clock.systemUTC());
		ClusterEndpoint.ClusterDescriptor json = (ClusterEndpoint.ClusterDescriptor) endpoint
			.cluster(ClusterFormat.JSON, null, null)
			.getBody();
		assertThat(json.discovery().error()).contains("DNS query " + NAME + ".", server);
		assertThat(json.peers()).filteredOn((peer) -> "connected".equals(peer.state())).hasSize(2);
		assertThat((String) endpoint.cluster(ClusterFormat.HTML, null, null).getBody()).contains(server);
		Health health = new ClusterHealthIndicator(first, 0).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails().get("discoveryError").toString()).contains(server);
		long errors = three.get(0).discoveryErrors();
		await().atMost(Duration.ofSeconds(30)).until(() -> three.get(0).discoveryErrors() >= errors + 5);
		for (ClusterNode node : three) {
			assertThat(node.discovery().addresses()).as("the last good answer is kept").isEqualTo(all);
		}
		awaitFullMesh(three);
		assertThat(connectedSince(three)).isEqualTo(connectedSince);

		this.dnsmasq.restart();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> three.forEach((node) -> assertThat(node.discovery().error()).isNull()));
		assertThat(new ClusterHealthIndicator(first, 0).health().getDetails()).doesNotContainKey("discoveryError");
		assertThat(this.downs).isEmpty();
		assertThat(output.getAll()).contains("Discovery (dns) failed").doesNotContain(TestNodes.COOKIE);
	}

	private ClusterNode start(String host) throws Exception {
		ClusterNode node = this.nodes.start(host, this.port, new DnsPeerDiscovery(NAME, this.port,
				this.dnsmasq.settings()));
		node.addListener(new ClusterListener() {

			@Override
			public void nodeDown(NodeDownEvent event) {
				DnsClusterTests.this.downs.add(event);
			}

		});
		return node;
	}

	private void publish(String... hosts) throws Exception {
		this.dnsmasq.hosts("peers", Arrays.stream(hosts).map((host) -> host + " " + NAME)
			.toArray(String[]::new));
	}

	private PeerAddress address(String host) {
		return new PeerAddress(host, this.port);
	}

	// Who is connected to whom since when: a connection that was replaced would show a later instant.
	private static Map<String, Instant> connectedSince(List<ClusterNode> nodes) {
		Map<String, Instant> since = new HashMap<>();
		for (ClusterNode node : nodes) {
			for (Member member : node.connectedMembers()) {
				if (nodes.stream().map(ClusterNode::self).anyMatch((NodeName name) -> name.equals(member.name()))) {
					since.put(node.self() + "->" + member.name(), member.since());
				}
			}
		}
		return since;
	}

}
