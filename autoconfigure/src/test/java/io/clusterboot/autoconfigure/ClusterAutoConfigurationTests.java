package io.clusterboot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.clusterboot.Cluster;
import io.clusterboot.NodeUpEvent;
import io.clusterboot.internal.discovery.LocalPeerDiscovery;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.CookieException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClusterAutoConfigurationTests {

	private static final String COOKIE = "a-test-cookie-that-is-long-enough";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "cluster.cookie=" + COOKIE);

	@TempDir
	Path temp;

	@Test
	void defaultsToTheLocalStrategyOnLoopbackWithThePortInTheName() {
		this.runner.withPropertyValues("cluster.discovery.local.port-range=24380-24389").run((context) -> {
			assertThat(context).hasSingleBean(Cluster.class).hasSingleBean(LocalPeerDiscovery.class);
			ClusterNode node = context.getBean(ClusterNode.class);
			assertThat(node.self().toString()).matches("orders-243[89]\\d@127\\.0\\.0\\.1");
			ClusterProperties properties = context.getBean(ClusterProperties.class);
			assertThat(properties.getTransport().getPort()).isEqualTo(4370);
			assertThat(properties.getHeartbeat().getInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.getHeartbeat().getTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.getReconnect().getInitialBackoff()).isEqualTo(Duration.ofMillis(200));
			assertThat(properties.getReconnect().getMaxBackoff()).isEqualTo(Duration.ofSeconds(3));
			assertThat(properties.getDiscovery().getPollInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.getTransport().getMaxFrameSize().toMegabytes()).isEqualTo(1);
			assertThat(properties.getTransport().getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.getHealth().getMinPeers()).isZero();
		});
	}

	@Test
	void bindsEveryProperty() {
		this.runner
			.withPropertyValues("cluster.discovery.strategy=static",
					"cluster.discovery.static.peers=127.0.0.3:24391,127.0.0.4", "cluster.node.basename=billing",
					"cluster.node.host=127.0.0.2", "cluster.transport.port=24391",
					"cluster.transport.max-frame-size=64KB", "cluster.transport.handshake-timeout=3s",
					"cluster.heartbeat.interval=500ms", "cluster.heartbeat.timeout=2s",
					"cluster.reconnect.initial-backoff=100ms", "cluster.reconnect.max-backoff=10s",
					"cluster.discovery.poll-interval=1s", "cluster.health.min-peers=2")
			.run((context) -> {
				ClusterSettings settings = context.getBean(ClusterSettings.class);
				assertThat(settings.basename()).isEqualTo("billing");
				assertThat(settings.host()).isEqualTo("127.0.0.2");
				assertThat(settings.transport().bindAddress()).isEqualTo("127.0.0.2");
				assertThat(settings.transport().firstPort()).isEqualTo(24391);
				assertThat(settings.transport().maxFrameSize()).isEqualTo(64 * 1024);
				assertThat(settings.transport().handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.transport().heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
				assertThat(settings.transport().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(100));
				assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
				assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
				assertThat(context.getBean(ClusterNode.class).self().toString()).isEqualTo("billing@127.0.0.2");
				assertThat(context.getBean(PeerDiscovery.class).discover()).isEqualTo(new StaticPeerDiscovery(
						Set.of(new PeerAddress("127.0.0.3", 24391), new PeerAddress("127.0.0.4", 24391))).discover());
				assertThat(context.getBean(ClusterProperties.class).getHealth().getMinPeers()).isEqualTo(2);
			});
	}

	@Test
	void userDefinedBeansMakeOursBackOff() {
		// The application's own discovery is the custom strategy: the normal transport settings.
		this.runner.withUserConfiguration(UserBeans.class)
			.withPropertyValues("cluster.node.host=127.0.0.2", "cluster.transport.port=24396")
			.run((context) -> {
				assertThat(context.getBean(PeerDiscovery.class)).isSameAs(UserBeans.DISCOVERY);
				assertThat(context.getBean(Cookie.class)).isSameAs(UserBeans.COOKIE);
				assertThat(context.getBean(ClusterNode.class).cookieFingerprint())
					.isEqualTo(UserBeans.COOKIE.fingerprint());
			});
	}

	@Test
	void aUserDefinedClusterReplacesTheNode() {
		this.runner.withPropertyValues("cluster.discovery.local.port-range=24380-24389")
			.withBean(Cluster.class, () -> org.mockito.Mockito.mock(Cluster.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Cluster.class).doesNotHaveBean(ClusterNode.class);
				assertThat(context).doesNotHaveBean(ClusterLifecycle.class);
			});
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Cluster.class));
	}

	@Test
	void aStrategyOtherThanLocalWithoutACookieFailsWithAnAnalysisNamingTheProperty() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
			.withPropertyValues("spring.application.name=orders", "cluster.discovery.strategy=static",
					"cluster.discovery.static.peers=127.0.0.3:24392", "cluster.node.host=127.0.0.2",
					"cluster.transport.port=24392")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("No cluster cookie").contains("'static'");
				assertThat(analysis.getAction()).contains("cluster.cookie").contains("cluster.cookie-file");
			});
	}

	@Test
	void theAcceptedCookiesOfARotationAreAcceptedAndShownByTheirFingerprints() {
		String old = "the-cookie-the-cluster-moves-away-from-0123";
		this.runner.withPropertyValues("cluster.discovery.local.port-range=24380-24389", "cluster.accepted-cookies=" + old)
			.run((context) -> assertThat(context.getBean(ClusterNode.class).acceptedCookieFingerprints())
				.containsExactly(Cookie.of(old).fingerprint()));
	}

	@Test
	void aShortAcceptedCookieFailsStartUpNamingItsPlaceNotItsValue() {
		this.runner.withPropertyValues("cluster.discovery.local.port-range=24380-24389",
				"cluster.accepted-cookies=long-enough-accepted-cookie-0123456789,tiny-secret")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cluster.accepted-cookies[1]").doesNotContain("tiny-secret");
			});
	}

	@Test
	void aCookieFileReadableByOthersIsRefused() throws Exception {
		Path file = this.temp.resolve("cookie");
		Files.writeString(file, COOKIE);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
			.withPropertyValues("spring.application.name=orders", "cluster.cookie-file=" + file,
					"cluster.discovery.local.port-range=24380-24389")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(CookieException.class);
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("chmod 600").doesNotContain(COOKIE);
			});
	}

	@Test
	void invalidPropertiesFailWithTheirNames() {
		assertInvalid("cluster.discovery.local.port-range", "cluster.discovery.local.port-range=99-1");
		assertInvalid("cluster.heartbeat.timeout", "cluster.heartbeat.timeout=1s", "cluster.heartbeat.interval=1s");
		assertInvalid("cluster.node.basename", "cluster.node.basename=<b>");
		assertInvalid("cluster.transport.port", "cluster.discovery.strategy=static",
				"cluster.discovery.static.peers=127.0.0.3:24393", "cluster.node.host=127.0.0.2",
				"cluster.transport.port=0");
		assertInvalid("cluster.discovery.static.peers", "cluster.discovery.strategy=static",
				"cluster.node.host=127.0.0.2", "cluster.transport.port=24393");
	}

	@Test
	void aTakenPortFailsWithTheProperty() {
		this.runner
			.withPropertyValues("cluster.discovery.strategy=static", "cluster.discovery.static.peers=127.0.0.3:24394",
					"cluster.node.host=127.0.0.2", "cluster.transport.port=24394")
			.run((first) -> this.runner
				.withPropertyValues("cluster.discovery.strategy=static",
						"cluster.discovery.static.peers=127.0.0.3:24394", "cluster.node.host=127.0.0.2",
						"cluster.transport.port=24394")
				.run((second) -> {
					assertThat(second).hasFailed();
					assertThat(analyze(second.getStartupFailure()).getDescription())
						.contains("cluster.transport.port");
				}));
	}

	@Test
	void membershipChangesArePublishedAsApplicationEvents() {
		List<NodeUpEvent> ups = new CopyOnWriteArrayList<>();
		ApplicationContextRunner staticRunner = this.runner.withPropertyValues("cluster.discovery.strategy=static",
				"cluster.transport.port=24395", "cluster.discovery.poll-interval=200ms");
		staticRunner
			.withPropertyValues("cluster.node.host=127.0.0.2", "cluster.discovery.static.peers=127.0.0.3:24395")
			.withBean(ApplicationListener.class, () -> (ApplicationListener<PayloadApplicationEvent<NodeUpEvent>>) (
					event) -> ups.add(event.getPayload()))
			.run((a) -> staticRunner
				.withPropertyValues("cluster.node.host=127.0.0.3", "cluster.discovery.static.peers=127.0.0.2:24395")
				.run((b) -> await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(ups).singleElement()
						.satisfies((e) -> assertThat(e.member().name().toString()).isEqualTo("orders@127.0.0.3")))));
	}

	private void assertInvalid(String property, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).as(property).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis).as(property).isNotNull();
			assertThat(analysis.getDescription()).contains(property);
		});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new ClusterCookieFailureAnalyzer().analyze(failure);
		return (analysis != null) ? analysis : new InvalidClusterPropertyFailureAnalyzer().analyze(failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final PeerDiscovery DISCOVERY = new StaticPeerDiscovery(Set.of());

		static final Cookie COOKIE = Cookie.of("users-own-cookie-0123456789abcdef");

		@Bean
		PeerDiscovery userDiscovery() {
			return DISCOVERY;
		}

		@Bean
		Cookie userCookie() {
			return COOKIE;
		}

	}

}
