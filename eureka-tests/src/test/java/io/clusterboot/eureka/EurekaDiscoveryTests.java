package io.clusterboot.eureka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import io.clusterboot.Cluster;
import io.clusterboot.DiscoveryStatus;
import io.clusterboot.Member;
import io.clusterboot.NodeName;
import io.clusterboot.eureka.node.NodeApplication;
import io.clusterboot.eureka.registry.RegistryApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spring-cloud strategy against a real Eureka server on loopback and the real Eureka client:
 * three applications register and form a mesh, each dialled on the cluster port it published in its
 * registration (every node has a different one, so the default port would not do); a fourth joins;
 * the registry stops, which every node reports while the mesh stands; it comes back and the reports
 * clear.
 */
class EurekaDiscoveryTests {

	private static final String COOKIE = "eureka-test-cookie-0123456789-abcdef";

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private ConfigurableApplicationContext registry;

	@AfterEach
	void stop() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void nodesFindEachOtherInEurekaOnTheirPublishedClusterPortsAndOutliveTheRegistry() throws Exception {
		int registryPort = freePort("127.0.0.1");
		this.registry = startRegistry(registryPort);
		for (int i = 2; i <= 4; i++) {
			this.nodes.add(startNode("127.0.0." + i, registryPort));
		}
		awaitFullMesh();
		// What made it work: each registration carries its node's cluster port.
		DiscoveryClient client = this.nodes.get(0).getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (ConfigurableApplicationContext node : this.nodes) {
				String host = node.getEnvironment().getProperty("cluster.node.host");
				String port = node.getEnvironment().getProperty("cluster.transport.port");
				assertThat(client.getInstances("orders")).filteredOn((instance) -> instance.getHost().equals(host))
					.singleElement()
					.extracting(ServiceInstance::getMetadata)
					.isEqualTo(Map.of("cluster-port", port));
			}
		});

		this.nodes.add(startNode("127.0.0.5", registryPort));
		awaitFullMesh();
		awaitDiscoveryOfAll(4);

		// The registry goes away: every node says so, keeps its list, and no connection drops.
		this.registry.close();
		this.registry = null;
		await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
			for (ConfigurableApplicationContext node : this.nodes) {
				DiscoveryStatus discovery = cluster(node).discovery();
				assertThat(discovery.error()).as("%s", discovery)
					.startsWith("The Eureka client has not fetched the registry from its server in the last 3 s");
				assertThat(discovery.addresses()).as("%s", discovery).hasSize(4);
			}
		});
		awaitFullMesh();

		// It comes back empty; the nodes register again and the reports clear.
		this.registry = startRegistry(registryPort);
		awaitDiscoveryOfAll(4);
		awaitFullMesh();
	}

	// Every node's last round succeeded and listed all of them (itself included).
	private void awaitDiscoveryOfAll(int count) {
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			for (ConfigurableApplicationContext node : this.nodes) {
				DiscoveryStatus discovery = cluster(node).discovery();
				assertThat(discovery.error()).as("%s", discovery).isNull();
				assertThat(discovery.addresses()).as("%s", discovery).hasSize(count);
			}
		});
	}

	private void awaitFullMesh() {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			for (ConfigurableApplicationContext node : this.nodes) {
				List<NodeName> others = this.nodes.stream()
					.filter((other) -> other != node)
					.map((other) -> new NodeName("orders", other.getEnvironment().getProperty("cluster.node.host")))
					.toList();
				assertThat(cluster(node).connectedMembers()).extracting(Member::name)
					.containsExactlyInAnyOrderElementsOf(others);
			}
		});
	}

	private static Cluster cluster(ConfigurableApplicationContext node) {
		return node.getBean(Cluster.class);
	}

	private static ConfigurableApplicationContext startRegistry(int port) {
		return new SpringApplicationBuilder(RegistryApplication.class).properties(noInterfaceLookups())
			.properties("spring.application.name=registry", "server.address=127.0.0.1", "server.port=" + port,
					"cluster.enabled=false", "eureka.instance.hostname=127.0.0.1",
					"eureka.client.register-with-eureka=false", "eureka.client.fetch-registry=false",
					"eureka.client.service-url.defaultZone=http://127.0.0.1:" + port + "/eureka/",
					"eureka.server.enable-self-preservation=false", "eureka.server.use-read-only-response-cache=false",
					"eureka.server.eviction-interval-timer-in-ms=1000", "eureka.server.wait-time-in-ms-when-sync-empty=0")
			.run();
	}

	// Each node has a cluster port of its own: only the port in its registration can tell its peers.
	private static ConfigurableApplicationContext startNode(String host, int registryPort) throws IOException {
		return new SpringApplicationBuilder(NodeApplication.class).properties(noInterfaceLookups())
			.properties("spring.application.name=orders", "server.address=" + host, "server.port=0",
					"cluster.cookie=" + COOKIE, "cluster.node.host=" + host,
					"cluster.transport.port=" + freePort(host), "cluster.discovery.strategy=spring-cloud",
					"cluster.discovery.poll-interval=500ms", "cluster.heartbeat.interval=250ms",
					"cluster.heartbeat.timeout=4s",
					"eureka.client.service-url.defaultZone=http://127.0.0.1:" + registryPort + "/eureka/",
					"eureka.client.registry-fetch-interval-seconds=1", "eureka.client.jersey.enabled=false",
					"eureka.client.initial-instance-info-replication-interval-seconds=1",
					"eureka.client.instance-info-replication-interval-seconds=1",
					"eureka.instance.lease-renewal-interval-in-seconds=1", "eureka.instance.prefer-ip-address=true",
					"eureka.instance.ip-address=" + host, "eureka.instance.hostname=" + host,
					"eureka.instance.instance-id=orders-" + host)
			.run();
	}

	// Spring Cloud reads the machine's interfaces and asks DNS for their names; tests stay on loopback.
	// Netflix's client logs every refused connection to the stopped registry with its stack trace.
	private static String[] noInterfaceLookups() {
		return new String[] { "logging.level.com.netflix=OFF", "spring.cloud.inetutils.ignored-interfaces[0]=.*",
				"spring.cloud.inetutils.default-hostname=localhost", "spring.cloud.inetutils.default-ip-address=127.0.0.1" };
	}

	private static int freePort(String host) throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
			return socket.getLocalPort();
		}
	}

}
