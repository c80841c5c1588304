package io.clusterboot.internal.membership;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.testsupport.LogRecorder;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "listening" line names the cookie's fingerprint, which is slow to compute on purpose; start()
 * leaves it to a short-lived thread so that it does not hold up the application's start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartAnnouncementTests {

	private final TestNodes nodes = new TestNodes();

	private final int port = TestNodes.freePort("127.0.0.2");

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void theListeningLineStillNamesTheCookieFingerprint(CapturedOutput output) throws Exception {
		ClusterNode node = this.nodes.start("127.0.0.2", this.port, new StaticPeerDiscovery(Set.of()));
		String fingerprint = Cookie.of(TestNodes.COOKIE).fingerprint();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output.getOut())
				.contains("Cluster node " + node.self() + " listening on 127.0.0.2:" + this.port)
				.contains("cookie " + fingerprint + ", plaintext)"));
	}

	@Test
	void theAnnouncingThreadEndsByItself() throws Exception {
		try (LogRecorder log = LogRecorder.attach(ClusterNode.class.getName())) {
			ClusterNode node = this.nodes.start("127.0.0.2", this.port, new StaticPeerDiscovery(Set.of()));
			// It started: the announcing thread itself logged the listening line ...
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(log.events()).anySatisfy((event) -> {
					assertThat(event.getThreadName()).isEqualTo("cluster-fingerprint");
					assertThat(event.getFormattedMessage()).startsWith("Cluster node " + node.self() + " listening");
				}));
		}
		// ... and it ended without being told to.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Thread.getAllStackTraces().keySet().stream()
				.noneMatch((thread) -> thread.getName().equals("cluster-fingerprint")));
	}

}
