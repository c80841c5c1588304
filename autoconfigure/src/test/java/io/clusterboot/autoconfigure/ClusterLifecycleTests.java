package io.clusterboot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import io.clusterboot.Cluster;
import io.clusterboot.ClusterListener;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's lifecycle inside an application: known by name from injection, restartable, leaving
 * between the web server's drain and its stop, and not started at all where a test says so.
 */
class ClusterLifecycleTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final TestNodes nodes = new TestNodes();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "cluster.cookie=" + TestNodes.COOKIE);

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void theNameIsKnownToABeanThatAsksInItsConstructor() {
		this.runner.withPropertyValues("cluster.discovery.local.port-range=24380-24389")
			.withUserConfiguration(AsksInConstructor.class)
			.run((context) -> {
				NodeName seen = context.getBean(AsksInConstructor.class).seen;
				assertThat(seen).isNotNull().isEqualTo(context.getBean(Cluster.class).self());
				assertThat(seen.toString()).matches("orders-243[89]\\d@127\\.0\\.0\\.1");
			});
	}

	@Test
	void aStoppedContextThatIsStartedAgainRejoins() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3");
		ClusterNode peer = this.nodes.start("127.0.0.3", port, new StaticPeerDiscovery(Set.of()));
		List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();
		peer.addListener(new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				downs.add(event);
			}
		});
		this.runner
			.withPropertyValues("cluster.discovery.strategy=static", "cluster.node.host=127.0.0.2",
					"cluster.transport.port=" + port, "cluster.discovery.static.peers=127.0.0.3:" + port,
					"cluster.discovery.poll-interval=200ms")
			.run((context) -> {
				ClusterNode node = context.getBean(ClusterNode.class);
				await().atMost(DEADLINE).until(() -> TestNodes.connectedNames(peer).contains(node.self()));
				context.stop();
				assertThat(node.isRunning()).isFalse();
				await().atMost(DEADLINE).until(() -> !downs.isEmpty());
				assertThat(downs.get(0).reason()).isEqualTo(Reason.LEFT);
				context.start();
				assertThat(node.isRunning()).isTrue();
				await().atMost(DEADLINE).until(() -> TestNodes.connectedNames(peer).contains(node.self()));
				await().atMost(DEADLINE).until(() -> TestNodes.connectedNames(node).contains(peer.self()));
			});
	}

	@Test
	void theNodeLeavesAfterTheWebServerDrainedAndBeforeTheWebServerStops() {
		this.runner.withPropertyValues("cluster.discovery.local.port-range=24380-24389")
			.withUserConfiguration(WebServerPhases.class)
			.run((context) -> {
				ClusterNode node = context.getBean(ClusterNode.class);
				WebServerPhases phases = context.getBean(WebServerPhases.class);
				phases.node = node;
				context.close();
				assertThat(phases.runningAtStop).containsEntry("graceful-shutdown", true).containsEntry("web-server", false);
			});
	}

	@Test
	void anApplicationWithoutANameStillStartsAndItsNodeIsNamedApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
			.withPropertyValues("cluster.discovery.local.port-range=24380-24389")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Cluster.class).self().basename()).matches("application-243[89]\\d");
			});
	}

	@Test
	void twelveContextsWithAutoStartupOffStartInOneJvm() {
		// An application's own tests: each @SpringBootTest context would take a port of the local range
		// (ten) and join the others; with cluster.auto-startup=false none binds or joins.
		List<org.springframework.context.ConfigurableApplicationContext> contexts = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < 12; i++) {
				contexts.add(new org.springframework.boot.builder.SpringApplicationBuilder(TestApplication.class)
					.web(org.springframework.boot.WebApplicationType.NONE)
					.run("--spring.application.name=app", "--cluster.auto-startup=false"));
			}
			assertThat(contexts).hasSize(12)
				.allSatisfy((context) -> assertThat(context.getBean(ClusterNode.class).boundAddress()).isNull());
		}
		finally {
			contexts.forEach(org.springframework.context.ConfigurableApplicationContext::close);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.ImportAutoConfiguration(ClusterAutoConfiguration.class)
	static class TestApplication {

	}

	@Test
	void staticPeersBindAsAListWithIpv6Addresses() {
		this.runner.withPropertyValues("cluster.auto-startup=false", "cluster.discovery.strategy=static",
				"cluster.node.host=127.0.0.2", "cluster.discovery.static.peers[0]=[::1]:4371",
				"cluster.discovery.static.peers[1]=127.0.0.3")
			.run((context) -> assertThat(context.getBean(io.clusterboot.discovery.PeerDiscovery.class).discover())
				.isEqualTo(io.clusterboot.discovery.DiscoveryResult.found(Set.of(
						new io.clusterboot.discovery.PeerAddress("::1", 4371),
						new io.clusterboot.discovery.PeerAddress("127.0.0.3", 4370)))));
	}

	@Test
	void withAutoStartupOffNothingIsBoundOrStarted() {
		this.runner.withPropertyValues("cluster.auto-startup=false", "cluster.discovery.strategy=static",
				"cluster.node.host=127.0.0.2", "cluster.transport.port=1",
				"cluster.discovery.static.peers=127.0.0.3:1")
			.run((context) -> {
				ClusterNode node = context.getBean(ClusterNode.class);
				assertThat(node.isRunning()).isFalse();
				assertThat(node.boundAddress()).isNull();
				assertThat(node.self()).hasToString("orders@127.0.0.2");
			});
	}

	@Component
	static class AsksInConstructor {

		final NodeName seen;

		AsksInConstructor(Cluster cluster) {
			this.seen = cluster.self();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WebServerPhases {

		final Map<String, Boolean> runningAtStop = new ConcurrentHashMap<>();

		volatile ClusterNode node;

		@Bean
		SmartLifecycle gracefulShutdown() {
			return new Recorder("graceful-shutdown", WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
		}

		@Bean
		SmartLifecycle webServer() {
			// The phase of Spring Boot's WebServerStartStopLifecycle, which has no public constant.
			return new Recorder("web-server", SmartLifecycle.DEFAULT_PHASE - 2048);
		}

		final class Recorder implements SmartLifecycle {

			private final String name;

			private final int phase;

			private volatile boolean running;

			Recorder(String name, int phase) {
				this.name = name;
				this.phase = phase;
			}

			@Override
			public void start() {
				this.running = true;
			}

			@Override
			public void stop() {
				WebServerPhases.this.runningAtStop.put(this.name, WebServerPhases.this.node.isRunning());
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

			@Override
			public int getPhase() {
				return this.phase;
			}

		}

	}

}
