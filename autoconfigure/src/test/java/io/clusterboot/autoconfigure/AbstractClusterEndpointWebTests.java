package io.clusterboot.autoconfigure;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.clusterboot.testsupport.ControlledDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/cluster}, health, meters and the masked cookie in a running application, once with
 * Spring MVC and once with WebFlux. Two single nodes: one as users get it by default, whose only peer
 * address has nobody listening, and one that grants write access and whose discovery fails with
 * markup in its error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractClusterEndpointWebTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	static final String HOSTILE = "<script>document.title='pwned'</script><b id=\"pwned\">bold</b>";

	private final String cookie = "cookie-" + UUID.randomUUID();

	private final String host;

	private final String failingHost;

	private ConfigurableApplicationContext node;

	private ConfigurableApplicationContext failing;

	private int deadPort;

	AbstractClusterEndpointWebTests(String host, String failingHost) {
		this.host = host;
		this.failingHost = failingHost;
	}

	abstract WebApplicationType webApplicationType();

	@BeforeAll
	void startNodes() {
		int port = TestNodes.freePort(this.host, "127.0.0.3");
		this.deadPort = TestNodes.freePort("127.0.0.3");
		Map<String, Object> properties = ClusterTestApplication.defaults();
		properties.put("cluster.node.host", this.host);
		properties.put("cluster.transport.port", port);
		properties.put("cluster.discovery.static.peers", this.host + ":" + port + ",127.0.0.3:" + this.deadPort);
		properties.put("cluster.cookie", this.cookie);
		properties.put("app.echo", "${cluster.cookie}");
		this.node = ClusterTestApplication.run(webApplicationType(), properties);
		Map<String, Object> failingProperties = ClusterTestApplication.defaults();
		failingProperties.put("cluster.node.host", this.failingHost);
		failingProperties.put("cluster.transport.port", TestNodes.freePort(this.failingHost));
		failingProperties.put("cluster.discovery.poll-interval", "1h");
		failingProperties.put("cluster.cookie", this.cookie);
		failingProperties.put("management.endpoint.cluster.access", "unrestricted");
		this.failing = ClusterTestApplication.run(webApplicationType(), failingProperties,
				FailingDiscoveryConfiguration.class);
	}

	@AfterAll
	void stopNodes() {
		if (this.node != null) {
			this.node.close();
		}
		if (this.failing != null) {
			this.failing.close();
		}
	}

	@Test
	void withoutAcceptHeaderAnswersJson() {
		assertJson(Http.get(this.node, "/actuator/cluster", null));
	}

	@Test
	void withAnyTypeAcceptedAnswersJson() {
		assertJson(Http.get(this.node, "/actuator/cluster", "*/*"));
	}

	@Test
	void withJsonAcceptedAnswersJson() {
		assertJson(Http.get(this.node, "/actuator/cluster", "application/json"));
	}

	@Test
	void withTheActuatorsMediaTypeAnswersJson() {
		HttpResponse<String> response = Http.get(this.node, "/actuator/cluster",
				"application/vnd.spring-boot.actuator.v3+json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/vnd.spring-boot.actuator.v3+json"));
		assertThat(JsonPath.<String>read(response.body(), "$.node")).isEqualTo("orders@" + this.host);
	}

	@Test
	void withHtmlAcceptedAnswersThePage() {
		HttpResponse<String> response = Http.get(this.node, "/actuator/cluster", "text/html");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("<!DOCTYPE html>");
	}

	@Test
	void withNeitherAcceptedAnswersNotAcceptable() {
		assertThat(Http.get(this.node, "/actuator/cluster", "application/xml").statusCode()).isEqualTo(406);
	}

	@Test
	void forABrowserAnswersThePage() {
		HttpResponse<String> response = Http.get(this.node, "/actuator/cluster", Http.BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type.replace(" ", "")).isEqualToIgnoringCase("text/html;charset=UTF-8"));
		assertThat(response.body()).startsWith("<!DOCTYPE html>")
			.contains("<h1 id=\"node\">orders@" + this.host + "</h1>")
			.contains("SHA256:")
			.doesNotContain(this.cookie);
	}

	@Test
	void jsonHasTheDocumentedShape() {
		String dead = "127.0.0.3:" + this.deadPort;
		await().atMost(PATIENCE).untilAsserted(() -> {
			String json = Http.get(this.node, "/actuator/cluster", null).body();
			assertThat(JsonPath.<List<String>>read(json, "$.peers[?(@.address == '" + dead + "')].lastError"))
				.containsExactly("unreachable");
		});
		String json = Http.get(this.node, "/actuator/cluster", null).body();
		Map<String, Object> root = JsonPath.read(json, "$");
		assertThat(root).containsOnlyKeys("node", "strategy", "cookieFingerprint", "acceptedCookieFingerprints", "uptime",
				"discovery", "peers", "messaging", "transport");
		assertThat(JsonPath.<Map<String, Object>>read(json, "$.transport"))
			.containsOnlyKeys("tls", "certificateSubject", "certificateNotAfter")
			.containsEntry("tls", false)
			.containsEntry("certificateSubject", null);
		assertThat(root).containsEntry("acceptedCookieFingerprints", List.of());
		assertThat(root).containsEntry("node", "orders@" + this.host).containsEntry("strategy", "static");
		assertThat((String) root.get("cookieFingerprint")).matches("SHA256:[0-9a-f]{32}");
		assertThat((String) root.get("uptime")).matches("PT[0-9HMS.]+");
		Map<String, Object> discovery = JsonPath.read(json, "$.discovery");
		assertThat(discovery).containsOnlyKeys("strategy", "lastRun", "durationMillis", "addresses", "error");
		assertThat(discovery).containsEntry("strategy", "static").containsEntry("error", null);
		assertThat(JsonPath.<List<String>>read(json, "$.discovery.addresses")).contains(dead);
		assertThat(JsonPath.<String>read(json, "$.discovery.lastRun")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		Map<String, Object> peer = JsonPath.<List<Map<String, Object>>>read(json,
				"$.peers[?(@.address == '" + dead + "')]").get(0);
		assertThat(peer).containsOnlyKeys("name", "address", "state", "since", "rttMillis", "lastError", "nextAttempt",
				"protocolVersion", "cookieFingerprint", "tls");
		assertThat(peer).containsEntry("name", null).containsEntry("tls", null).containsEntry("rttMillis", null);
		assertThat((String) peer.get("state")).isIn("down", "connecting");
		assertThat(json).doesNotContain(this.cookie);
	}

	@Test
	void postIsNotMappedByDefault() {
		HttpResponse<String> response = Http.post(this.node, "/actuator/cluster");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(Http.get(this.node, "/actuator/cluster", null).statusCode()).isEqualTo(200);
	}

	@Test
	void postRunsADiscoveryRoundWhereAccessIsGranted() {
		ControlledDiscovery discovery = this.failing.getBean(ControlledDiscovery.class);
		await().atMost(PATIENCE).until(() -> discovery.rounds() >= 1);
		int before = discovery.rounds();
		HttpResponse<String> response = Http.post(this.failing, "/actuator/cluster");
		assertThat(response.statusCode()).isEqualTo(204);
		await().atMost(PATIENCE).until(() -> discovery.rounds() > before);
	}

	@Test
	void markupFromDiscoveryIsShownAsText() {
		await().atMost(PATIENCE)
			.until(() -> Http.get(this.failing, "/actuator/cluster", null).body().contains("pwned"));
		String html = Http.get(this.failing, "/actuator/cluster", Http.BROWSER_ACCEPT).body();
		assertThat(html).doesNotContain("<script").doesNotContain("<b id").contains("&lt;b id&#x3D;&quot;pwned&quot;&gt;");
		String dom = Chromium.dumpDom(Http.url(this.failing, "/actuator/cluster"));
		assertThat(dom).contains("<title>orders@" + this.failingHost + " · cluster</title>")
			.contains("id=\"discovery-error\"")
			.contains("&lt;b id=\"pwned\"&gt;bold&lt;/b&gt;")
			.doesNotContain("<b id=\"pwned\">")
			.doesNotContain("<script");
	}

	@Test
	void cookieIsMaskedInEnvAndConfigprops() {
		String env = Http.get(this.node, "/actuator/env", "application/json").body();
		assertThat(env).doesNotContain(this.cookie).contains("******");
		String property = Http.get(this.node, "/actuator/env/cluster.cookie", "application/json").body();
		assertThat(JsonPath.<String>read(property, "$.property.value")).isEqualTo("******");
		// An alias resolves to the cookie: Boot masks it by the placeholder's key, and the value match backs that.
		String alias = Http.get(this.node, "/actuator/env/app.echo", "application/json").body();
		assertThat(JsonPath.<String>read(alias, "$.property.value")).isEqualTo("******");
		String configprops = Http.get(this.node, "/actuator/configprops", "application/json").body();
		assertThat(configprops).doesNotContain(this.cookie);
		assertThat(JsonPath.<List<Object>>read(configprops,
				"$.contexts.*.beans['cluster-io.clusterboot.autoconfigure.ClusterProperties'].properties.cookie"))
			.containsExactly("******");
		// Proves that show-values=always is in force: other values are shown.
		assertThat(JsonPath.<List<Object>>read(configprops,
				"$.contexts.*.beans['cluster-io.clusterboot.autoconfigure.ClusterProperties'].properties.node.host"))
			.containsExactly(this.host);
	}

	@Test
	void healthOfALoneNodeIsUpAndShowsADiscoveryError() {
		HttpResponse<String> lone = Http.get(this.node, "/actuator/health/cluster", "application/json");
		assertThat(lone.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(lone.body(), "$.status")).isEqualTo("UP");
		assertThat(JsonPath.<Integer>read(lone.body(), "$.details.connected")).isZero();
		assertThat(JsonPath.<Integer>read(lone.body(), "$.details.minPeers")).isZero();
		await().atMost(PATIENCE).untilAsserted(() -> {
			String failing = Http.get(this.failing, "/actuator/health/cluster", "application/json").body();
			assertThat(JsonPath.<String>read(failing, "$.status")).isEqualTo("UP");
			assertThat(JsonPath.<String>read(failing, "$.details.discoveryError")).isEqualTo(HOSTILE);
		});
	}

	@Test
	void metersExistWithTheirTags() {
		MeterRegistry registry = this.node.getBean(MeterRegistry.class);
		for (String state : List.of("connecting", "connected", "down", "left", "rejected")) {
			assertThat(registry.find("cluster.members").tag("state", state).gauge()).as(state).isNotNull();
		}
		assertThat(registry.find("cluster.discovery.errors").functionCounter()).isNotNull();
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(registry.find("cluster.connections.attempts").tag("outcome", "unreachable").functionCounter())
				.isNotNull()
				.satisfies((counter) -> assertThat(counter.count()).isPositive());
			assertThat(registry.find("cluster.discovery.duration").timeGauge().value()).isNotNaN();
		});
		MeterRegistry failingRegistry = this.failing.getBean(MeterRegistry.class);
		await().atMost(PATIENCE)
			.until(() -> failingRegistry.find("cluster.discovery.errors").functionCounter().count() >= 1);
	}

	private void assertJson(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(JsonPath.<String>read(response.body(), "$.node")).isEqualTo("orders@" + this.host);
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingDiscoveryConfiguration {

		@Bean
		ControlledDiscovery failingDiscovery() {
			return new ControlledDiscovery("test").fail(HOSTILE);
		}

	}

}
