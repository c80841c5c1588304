package io.clusterboot.internal.membership;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.ClusterListener;
import io.clusterboot.Member;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.testsupport.ControlledDiscovery;
import io.clusterboot.testsupport.TestNodes;
import io.clusterboot.internal.transport.TransportSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A static peer given by a host name whose DNS server never answers must not cost the node its
 * healthy peers: names are resolved away from the I/O thread that carries the heartbeats.
 */
class SlowNameResolutionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final TestNodes nodes = new TestNodes();

	private final CountDownLatch never = new CountDownLatch(1);

	private final CountDownLatch asked = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.never.countDown();
		this.nodes.close();
	}

	@Test
	void aResolverThatNeverAnswersCausesNoFalseNodeDown() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3");
		HostResolver hanging = (host) -> {
			this.asked.countDown();
			try {
				this.never.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new UnknownHostException(host);
		};
		// One I/O thread, as on a small pod: blocking it would stop every heartbeat.
		ClusterSettings settings = new ClusterSettings("node", "127.0.0.2", false,
				new TransportSettings("127.0.0.2", port, port, 1024 * 1024, Duration.ofSeconds(5),
						Duration.ofMillis(200), TIMEOUT, 64, 8, 1),
				Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(1));
		PeerAddress healthy = new PeerAddress("127.0.0.3", port);
		ControlledDiscovery discovery = new ControlledDiscovery("static").find(Set.of(healthy));
		ClusterNode node = new ClusterNode(settings, Cookie.of(TestNodes.COOKIE), discovery, hanging);
		node.start();
		try {
			ClusterNode peer = this.nodes.start(TestNodes.settings("127.0.0.3", port), TestNodes.COOKIE,
					new StaticPeerDiscovery(Set.of()));
			List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();
			ClusterListener recorder = new ClusterListener() {
				@Override
				public void nodeDown(NodeDownEvent event) {
					downs.add(event);
				}
			};
			node.addListener(recorder);
			peer.addListener(recorder);
			await().atMost(Duration.ofSeconds(30)).until(() -> node.connectedMembers().size() == 1);
			Member before = node.connectedMembers().get(0);
			discovery.find(Set.of(healthy, new PeerAddress("peer.unanswered.test", port)));
			node.refresh();
			assertThat(this.asked.await(30, TimeUnit.SECONDS)).isTrue();

			// Four heartbeat timeouts with the resolver hanging: the pair stays up on the same connection.
			await().during(TIMEOUT.multipliedBy(4)).atMost(TIMEOUT.multipliedBy(10)).untilAsserted(() -> {
				assertThat(downs).isEmpty();
				assertThat(node.connectedMembers()).extracting(Member::since).containsExactly(before.since());
			});
		}
		finally {
			this.never.countDown();
			node.close();
		}
	}

}
