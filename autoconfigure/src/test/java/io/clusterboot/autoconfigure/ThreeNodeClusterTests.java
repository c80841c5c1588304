package io.clusterboot.autoconfigure;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import io.clusterboot.testsupport.LogRecorder;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes of one application on 127.0.0.2, .3 and .4, each a whole Spring Boot application in this
 * JVM, sharing a cookie and a transport port; their static peer list also names 127.0.0.5, where no
 * node runs. A fourth application on 127.0.0.9 has another cookie and knocks on 127.0.0.2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final List<String> HOSTS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");

	private static final String ROGUE_HOST = "127.0.0.9";

	private final String cookie = "three-node-cookie-" + UUID.randomUUID();

	private final String rogueCookie = "rogue-cookie-" + UUID.randomUUID();

	private final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();

	private ConfigurableApplicationContext rogue;

	private int port;

	private LogRecorder log;

	private Level clusterLevel;

	@BeforeAll
	void startNodes() {
		// A complete record of the logs: Spring Boot leaves Logback alone (it would reset it, dropping
		// the recorder, each time a node starts), the recorder sees every event of every thread, and
		// the cluster's own loggers log at every level.
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		Logger cluster = (Logger) LoggerFactory.getLogger("io.clusterboot");
		this.clusterLevel = cluster.getLevel();
		cluster.setLevel(Level.TRACE);
		this.log = LogRecorder.attachToRoot();
		this.port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", ROGUE_HOST);
		String peers = String.join(",", List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")
			.stream()
			.map((host) -> host + ":" + this.port)
			.toList());
		for (String host : HOSTS) {
			Map<String, Object> properties = ClusterTestApplication.defaults();
			properties.put("cluster.node.host", host);
			properties.put("cluster.transport.port", this.port);
			properties.put("cluster.discovery.static.peers", peers);
			properties.put("cluster.cookie", this.cookie);
			if (host.equals("127.0.0.2")) {
				properties.put("cluster.health.min-peers", 2);
			}
			this.nodes.put(host, ClusterTestApplication.run(WebApplicationType.SERVLET, properties));
		}
		Map<String, Object> rogueProperties = ClusterTestApplication.defaults();
		rogueProperties.put("cluster.node.host", ROGUE_HOST);
		rogueProperties.put("cluster.transport.port", this.port);
		rogueProperties.put("cluster.discovery.static.peers", "127.0.0.2:" + this.port);
		rogueProperties.put("cluster.cookie", this.rogueCookie);
		this.rogue = ClusterTestApplication.run(WebApplicationType.SERVLET, rogueProperties);
	}

	@AfterAll
	void stopNodes() {
		try {
			this.nodes.values().forEach(ConfigurableApplicationContext::close);
			if (this.rogue != null) {
				this.rogue.close();
			}
		}
		finally {
			this.log.close();
			((Logger) LoggerFactory.getLogger("io.clusterboot")).setLevel(this.clusterLevel);
			System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
		}
	}

	@Test
	@Order(1)
	void eachNodeListsTheOtherTwoAsConnected() {
		for (String host : HOSTS) {
			List<String> others = HOSTS.stream()
				.filter((other) -> !other.equals(host))
				.map((other) -> "orders@" + other)
				.toList();
			await().atMost(PATIENCE).untilAsserted(() -> {
				String json = Http.get(this.nodes.get(host), "/actuator/cluster", null).body();
				assertThat(JsonPath.<List<String>>read(json, "$.peers[?(@.state == 'connected')].name"))
					.as(host).containsExactlyInAnyOrderElementsOf(others);
				assertThat(JsonPath.<List<Object>>read(json, "$.peers[?(@.state == 'connected')].rttMillis"))
					.as(host).hasSize(2).doesNotContainNull();
				// Whoever dialled whom, a peer is shown at its own listener's address.
				for (String other : HOSTS) {
					if (!other.equals(host)) {
						String address = "$.peers[?(@.name == 'orders@" + other + "')].address";
						assertThat(JsonPath.<List<String>>read(json, address)).as(host)
							.containsExactly(other + ":" + this.port);
					}
				}
				assertThat(JsonPath.<List<String>>read(json,
						"$.peers[?(@.address == '127.0.0.5:" + this.port + "')].lastError"))
					.as(host).containsExactly("unreachable");
			});
		}
	}

	@Test
	@Order(2)
	void healthIsUpWithMinPeersConnected() {
		await().atMost(PATIENCE).untilAsserted(() -> {
			HttpResponse<String> health = Http.get(this.nodes.get("127.0.0.2"), "/actuator/health/cluster", null);
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
			assertThat(JsonPath.<Integer>read(health.body(), "$.details.connected")).isEqualTo(2);
			assertThat(JsonPath.<Integer>read(health.body(), "$.details.known")).isEqualTo(3);
			assertThat(JsonPath.<Integer>read(health.body(), "$.details.minPeers")).isEqualTo(2);
		});
	}

	@Test
	@Order(3)
	void thePageInABrowserShowsNodePeersAndFingerprint() {
		ConfigurableApplicationContext node = this.nodes.get("127.0.0.2");
		String fingerprint = JsonPath.read(Http.get(node, "/actuator/cluster", null).body(), "$.cookieFingerprint");
		String url = Http.url(node, "/actuator/cluster");
		await().atMost(PATIENCE).untilAsserted(() -> {
			String dom = Chromium.dumpDom(url);
			assertThat(dom).contains("<h1 id=\"node\">orders@127.0.0.2</h1>")
				.contains("<code id=\"fingerprint\">" + fingerprint + "</code>")
				.contains("<span class=\"mono peer-name\">orders@127.0.0.3</span>")
				.contains("<span class=\"mono peer-name\">orders@127.0.0.4</span>")
				.contains("2 of 3 peers connected")
				.doesNotContain(this.cookie);
			assertThat(count(dom, "<span class=\"badge state-connected peer-state\">connected</span>")).isEqualTo(2);
			assertThat(count(dom, "<span class=\"badge state-down peer-state\">down</span>")).isEqualTo(1);
		});
		Chromium.screenshot(url, Path.of("target", "screenshots", "cluster-page-laptop.png"), 1280, 700);
		Chromium.screenshot(url, Path.of("target", "screenshots", "cluster-page-phone.png"), 390, 1100);
	}

	@Test
	@Order(3)
	void theWholeClusterViewShowsEveryNodesViewAndSaysWhatIsWrongInOneLine() {
		ConfigurableApplicationContext node = this.nodes.get("127.0.0.2");
		String dead = "127.0.0.5:" + this.port;
		String problem = dead + " is connected to none of the 3 nodes that answered: every one reports down: unreachable";
		await().atMost(PATIENCE).untilAsserted(() -> {
			String json = Http.get(node, "/actuator/cluster?scope=cluster", null).body();
			assertThat(JsonPath.<List<String>>read(json, "$.nodes")).containsExactly(dead, "orders@127.0.0.2",
					"orders@127.0.0.3", "orders@127.0.0.4");
			assertThat(JsonPath.<List<Boolean>>read(json, "$.views[*].answered")).containsExactly(true, true, true);
			assertThat(JsonPath.<List<String>>read(json, "$.problems")).containsExactly(problem);
			assertThat(JsonPath.<String>read(json, "$.views[1].peers['orders@127.0.0.4'].state")).isEqualTo("connected");
			assertThat(json).doesNotContain(this.cookie);
		});
		String url = Http.url(node, "/actuator/cluster?scope=cluster");
		String dom = Chromium.dumpDom(url);
		assertThat(dom).contains("<p class=\"verdict bad\" id=\"verdict\">" + problem + "</p>")
			.doesNotContain(this.cookie);
		assertThat(count(dom, "class=\"cell state-connected\"")).isEqualTo(6);
		Chromium.screenshot(url, Path.of("target", "screenshots", "cluster-view-laptop.png"), 1280, 760);
	}

	@Test
	@Order(4)
	void theCookieIsNowhereToBeSeen() {
		for (ConfigurableApplicationContext node : this.nodes.values()) {
			for (String path : List.of("/actuator/cluster", "/actuator/env", "/actuator/configprops")) {
				String json = Http.get(node, path, "application/json").body();
				assertThat(json).as(path).contains("\"").doesNotContain(this.cookie);
			}
			assertThat(Http.get(node, "/actuator/cluster", Http.BROWSER_ACCEPT).body()).doesNotContain(this.cookie);
		}
	}

	@Test
	@Order(5)
	void aNodeWithAnotherCookieIsRejectedAndCounted() {
		await().atMost(PATIENCE).untilAsserted(() -> {
			String json = Http.get(this.rogue, "/actuator/cluster", null).body();
			assertThat(JsonPath.<List<String>>read(json, "$.peers[*].state")).containsExactly("rejected");
			assertThat(JsonPath.<List<String>>read(json, "$.peers[*].lastError")).containsExactly("bad-cookie");
		});
		MeterRegistry registry = this.nodes.get("127.0.0.2").getBean(MeterRegistry.class);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(
				registry.find("cluster.handshake.failures").tag("reason", "bad-cookie").functionCounter())
			.isNotNull()
			.satisfies((counter) -> assertThat(counter.count()).isPositive()));
		MeterRegistry rogueRegistry = this.rogue.getBean(MeterRegistry.class);
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(rogueRegistry.find("cluster.connections.attempts").tag("outcome", "bad-cookie").functionCounter())
				.isNotNull();
			assertThat(rogueRegistry.find("cluster.members").tag("state", "rejected").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	@Order(6)
	void metersShowMembersRoundTripsAndAttempts() {
		MeterRegistry registry = this.nodes.get("127.0.0.2").getBean(MeterRegistry.class);
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(registry.find("cluster.members").tag("state", "connected").gauge().value()).isEqualTo(2);
			assertThat(registry.find("cluster.members").tag("state", "down").gauge().value()).isEqualTo(1);
			// One timer for all peers: heartbeats from both connected peers, and no series per peer.
			assertThat(registry.find("cluster.heartbeat.rtt").timers()).singleElement()
				.satisfies((timer) -> assertThat(timer.count()).isGreaterThanOrEqualTo(2))
				.satisfies((timer) -> assertThat(timer.getId().getTags()).isEmpty());
			assertThat(registry.find("cluster.connections.attempts").tag("outcome", "unreachable").functionCounter())
				.isNotNull();
		});
		// Every pair has a dial that succeeded, made by one of its two nodes.
		double successes = this.nodes.values()
			.stream()
			.map((node) -> node.getBean(MeterRegistry.class)
				.find("cluster.connections.attempts")
				.tag("outcome", "success")
				.functionCounter())
			.filter((counter) -> counter != null)
			.mapToDouble(FunctionCounter::count)
			.sum();
		assertThat(successes).isGreaterThanOrEqualTo(3);
	}

	@Test
	@Order(7)
	void healthGoesDownWhenFewerThanMinPeersRemain() {
		this.nodes.remove("127.0.0.4").close();
		ConfigurableApplicationContext node = this.nodes.get("127.0.0.2");
		await().atMost(PATIENCE).untilAsserted(() -> {
			HttpResponse<String> health = Http.get(node, "/actuator/health/cluster", null);
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("DOWN");
			assertThat(JsonPath.<Integer>read(health.body(), "$.details.connected")).isEqualTo(1);
		});
		String json = Http.get(node, "/actuator/cluster", null).body();
		assertThat(JsonPath.<List<String>>read(json, "$.peers[?(@.name == 'orders@127.0.0.4')].state"))
			.containsExactly("left");
	}

	@Test
	@Order(8)
	void theCookieIsNotInTheLogs() {
		String logs = this.log.text();
		// The record is whole: it holds the start-up line of each of the four nodes, logged by a thread
		// of the node's own, and what their I/O and membership threads logged since.
		for (String host : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", ROGUE_HOST)) {
			assertThat(logs).contains("[cluster-fingerprint] io.clusterboot.internal.membership.ClusterNode: Cluster node orders@"
					+ host + " listening");
		}
		assertThat(logs).doesNotContain(this.cookie).doesNotContain(this.rogueCookie);
	}

	private static int count(String text, String part) {
		Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
