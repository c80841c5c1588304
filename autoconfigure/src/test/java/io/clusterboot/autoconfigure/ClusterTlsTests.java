package io.clusterboot.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import io.clusterboot.Cluster;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.Reason;
import io.clusterboot.testsupport.TestCertificates;
import io.clusterboot.testsupport.TestCertificates.Authority;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mutual TLS from a Spring SSL bundle ({@code cluster.transport.ssl.bundle}), between whole
 * applications on loopback addresses, with CAs and certificates made for each test.
 */
class ClusterTlsTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String COOKIE = "a-test-cookie-that-is-long-enough";

	private final Authority ca = TestCertificates.authority("cluster-ca");

	private final Authority otherCa = TestCertificates.authority("another-ca");

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4");

	@TempDir
	Path certificates;

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void threeNodesFormAMeshOverMutualTlsAndShowEachSession() {
		for (String host : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
			Map<String, Object> properties = tls(host, this.ca.issue("node-" + host, host), this.ca);
			properties.put("cluster.transport.ssl.verify-hostname", "true");
			start(host, properties, "127.0.0.2", "127.0.0.3", "127.0.0.4");
		}
		for (ConfigurableApplicationContext node : this.nodes) {
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(cluster(node).connectedMembers()).hasSize(2));
			for (Member member : cluster(node).connectedMembers()) {
				assertThat(member.tls()).as("%s", member.name()).isNotNull();
				assertThat(member.tls().protocol()).isEqualTo("TLSv1.3");
				assertThat(member.tls().peerCertificate().subject()).isEqualTo("CN=node-" + member.name().host());
			}
		}
		String json = Http.get(this.nodes.get(0), "/actuator/cluster", "application/json").body();
		assertThat(JsonPath.<Boolean>read(json, "$.transport.tls")).isTrue();
		assertThat(JsonPath.<String>read(json, "$.transport.certificateSubject")).isEqualTo("CN=node-127.0.0.2");
		assertThat(JsonPath.<List<String>>read(json, "$.peers[*].tls.protocol")).containsExactly("TLSv1.3", "TLSv1.3");
		assertThat(JsonPath.<List<String>>read(json, "$.peers[*].tls.peerCertificateSubject"))
			.containsExactly("CN=node-127.0.0.3", "CN=node-127.0.0.4");
		String html = Http.get(this.nodes.get(0), "/actuator/cluster", "text/html").body();
		// JMustache escapes '=' too.
		assertThat(html).contains("mutual TLS as CN&#x3D;node-127.0.0.2").contains("TLSv1.3 TLS_");
		String health = Http.get(this.nodes.get(0), "/actuator/health", "application/json").body();
		assertThat(JsonPath.<Boolean>read(health, "$.components.cluster.details.tls")).isTrue();
	}

	@Test
	void aCertificateFromAnotherCaIsRefusedByBothSides() {
		start("127.0.0.2", tls("127.0.0.2", this.ca.issue("node-a"), this.ca), "127.0.0.3");
		start("127.0.0.3", tls("127.0.0.3", this.otherCa.issue("node-b"), this.ca), "127.0.0.2");
		assertRefused(0, "127.0.0.3", Reason.BAD_CERTIFICATE);
		assertRefused(1, "127.0.0.2", Reason.BAD_CERTIFICATE);
	}

	@Test
	void anExpiredCertificateIsRefused() {
		Instant now = Instant.now();
		start("127.0.0.2", tls("127.0.0.2", this.ca.issue("node-a"), this.ca), "127.0.0.3");
		start("127.0.0.3", tls("127.0.0.3", this.ca.issue("node-b", now.minus(Duration.ofDays(30)),
				now.minus(Duration.ofDays(1))), this.ca), "127.0.0.2");
		assertRefused(0, "127.0.0.3", Reason.BAD_CERTIFICATE);
		assertRefused(1, "127.0.0.2", Reason.BAD_CERTIFICATE);
	}

	@Test
	void aCertificateNotNamingTheDialledAddressIsRefusedWhenHostnamesAreVerified() {
		Map<String, Object> a = tls("127.0.0.2", this.ca.issue("node-a", "127.0.0.2"), this.ca);
		a.put("cluster.transport.ssl.verify-hostname", "true");
		start("127.0.0.2", a, "127.0.0.3");
		// B names another address in its certificate and dials nobody (127.0.0.9 does not listen).
		start("127.0.0.3", tls("127.0.0.3", this.ca.issue("node-b", "127.0.0.9"), this.ca), "127.0.0.9");
		assertRefused(0, "127.0.0.3", Reason.BAD_CERTIFICATE);
	}

	@Test
	void plaintextAndTlsNodesRefuseEachOtherWithTheReasonOnBothSides() {
		start("127.0.0.2", tls("127.0.0.2", this.ca.issue("node-a"), this.ca), "127.0.0.3");
		start("127.0.0.3", new LinkedHashMap<>(), "127.0.0.2");
		// Each side's member for the other is its own dial: TLS to plaintext, and plaintext to TLS.
		assertRefused(0, "127.0.0.3", Reason.TLS_UNEXPECTED);
		assertRefused(1, "127.0.0.2", Reason.TLS_REQUIRED);
		String json = Http.get(this.nodes.get(1), "/actuator/cluster", "application/json").body();
		assertThat(JsonPath.<List<String>>read(json, "$.peers[*].lastError")).containsExactly("tls-required");
		assertThat(JsonPath.<Boolean>read(json, "$.transport.tls")).isFalse();
	}

	@Test
	void aReloadedBundleIsUsedByNewConnectionsWhileOpenOnesGoOn() {
		// A trusts both CAs and starts with a certificate of the first; B knows only the second, C only the first.
		Map<String, Object> a = tls("127.0.0.2", this.ca.issue("node-a"), this.ca, this.otherCa);
		a.put("spring.ssl.bundle.pem.cluster.reload-on-update", "true");
		a.put("spring.ssl.bundle.watch.file.quiet-period", "100ms");
		start("127.0.0.2", a, "127.0.0.3", "127.0.0.4");
		start("127.0.0.3", tls("127.0.0.3", this.otherCa.issue("node-b"), this.otherCa), "127.0.0.2");
		start("127.0.0.4", tls("127.0.0.4", this.ca.issue("node-c"), this.ca), "127.0.0.2");
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(names(cluster(this.nodes.get(0)).connectedMembers()))
			.containsExactly("orders@127.0.0.4"));
		assertRefused(1, "127.0.0.2", Reason.BAD_CERTIFICATE);
		List<NodeDownEvent> downs = new java.util.concurrent.CopyOnWriteArrayList<>();
		cluster(this.nodes.get(2)).addListener(new io.clusterboot.ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				downs.add(event);
			}
		});
		// The files are swapped for a certificate of the second CA: B now accepts A.
		this.otherCa.issue("node-a2").write(this.certificates, "127.0.0.2", "cluster", this.ca, this.otherCa);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(cluster(this.nodes.get(0)).tlsCertificate().subject()).isEqualTo("CN=node-a2"));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(names(cluster(this.nodes.get(1)).connectedMembers()))
			.containsExactly("orders@127.0.0.2"));
		assertThat(cluster(this.nodes.get(1)).connectedMembers().get(0).tls().peerCertificate().subject())
			.isEqualTo("CN=node-a2");
		// C's connection, made with the old certificate, was not touched.
		assertThat(names(cluster(this.nodes.get(2)).connectedMembers())).containsExactly("orders@127.0.0.2");
		assertThat(cluster(this.nodes.get(2)).connectedMembers().get(0).tls().peerCertificate().subject())
			.isEqualTo("CN=node-a");
		assertThat(downs).isEmpty();
	}

	@Test
	void whatARelayInTheMiddleReadsIsNotPlaintext() throws Exception {
		try (Relay relay = new Relay(new InetSocketAddress("127.0.0.3", this.port))) {
			start("127.0.0.3", tls("127.0.0.3", this.ca.issue("node-b"), this.ca), "127.0.0.9");
			Map<String, Object> a = tls("127.0.0.2", this.ca.issue("node-a"), this.ca);
			a.put("cluster.discovery.static.peers", "127.0.0.1:" + relay.port());
			start("127.0.0.2", a);
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(cluster(this.nodes.get(1)).connectedMembers()).hasSize(1));
			byte[] seen = relay.seen();
			assertThat(seen.length).isGreaterThan(500);
			assertThat(seen[0]).as("a TLS handshake record").isEqualTo((byte) 22);
			String text = new String(seen, StandardCharsets.ISO_8859_1);
			assertThat(text).doesNotContain("CLBT").doesNotContain("orders@127.0.0.2").doesNotContain("orders@127.0.0.3");
		}
	}

	@Test
	void theSameRelayReadsAPlaintextHandshake() throws Exception {
		// The control of the test above: without TLS, the relay does see the preface and the names.
		try (Relay relay = new Relay(new InetSocketAddress("127.0.0.3", this.port))) {
			start("127.0.0.3", new LinkedHashMap<>(), "127.0.0.9");
			Map<String, Object> a = new LinkedHashMap<>();
			a.put("cluster.discovery.static.peers", "127.0.0.1:" + relay.port());
			start("127.0.0.2", a);
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(cluster(this.nodes.get(1)).connectedMembers()).hasSize(1));
			String text = new String(relay.seen(), StandardCharsets.ISO_8859_1);
			assertThat(text).contains("CLBT").contains("orders@127.0.0.2");
		}
	}

	@Test
	void aBundleThatDoesNotExistFailsStartUpNamingTheProperty() {
		ApplicationContextRunner runner = runner().withPropertyValues("cluster.transport.ssl.bundle=clustr",
				"spring.ssl.bundle.pem.cluster.truststore.certificate=" + this.ca.issue("x").write(this.certificates, "x",
						"cluster", this.ca).get("spring.ssl.bundle.pem.cluster.truststore.certificate"));
		runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("cluster.transport.ssl.bundle")
				.contains("no SSL bundle of that name")
				.contains("defined: cluster");
		});
	}

	@Test
	void aBundleWithoutAKeyFailsStartUpNamingTheProperty() {
		Map<String, Object> files = this.ca.issue("x").write(this.certificates, "x", "cluster", this.ca);
		runner().withPropertyValues("cluster.transport.ssl.bundle=cluster",
				"spring.ssl.bundle.pem.cluster.truststore.certificate="
						+ files.get("spring.ssl.bundle.pem.cluster.truststore.certificate"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cluster.transport.ssl.bundle").contains("has no key");
				assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.cluster.keystore.certificate");
			});
	}

	@Test
	void aBundleWithoutTrustFailsStartUpRatherThanTrustTheJdksPublicCas() {
		Map<String, Object> files = this.ca.issue("x").write(this.certificates, "x", "cluster", this.ca);
		runner().withPropertyValues("cluster.transport.ssl.bundle=cluster",
				"spring.ssl.bundle.pem.cluster.keystore.certificate="
						+ files.get("spring.ssl.bundle.pem.cluster.keystore.certificate"),
				"spring.ssl.bundle.pem.cluster.keystore.private-key="
						+ files.get("spring.ssl.bundle.pem.cluster.keystore.private-key"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cluster.transport.ssl.bundle")
					.contains("no trust material");
			});
	}

	@Test
	void aProtocolTheJdkDoesNotKnowFailsStartUpRatherThanEveryConnection() {
		Map<String, Object> files = this.ca.issue("x").write(this.certificates, "x", "cluster", this.ca);
		List<String> properties = new ArrayList<>(List.of("cluster.transport.ssl.bundle=cluster",
				"spring.ssl.bundle.pem.cluster.options.enabled-protocols=TLSv9"));
		files.forEach((key, value) -> properties.add(key + "=" + value));
		runner().withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("cluster.transport.ssl.bundle")
				.contains("protocols or cipher suites cannot be used");
		});
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ClusterAutoConfiguration.class))
			.withPropertyValues("spring.application.name=orders", "cluster.cookie=" + COOKIE,
					"cluster.discovery.strategy=static", "cluster.node.host=127.0.0.2",
					"cluster.transport.port=" + this.port);
	}

	private Map<String, Object> tls(String host, TestCertificates.Issued issued, Authority... trusted) {
		Map<String, Object> properties = new LinkedHashMap<>(issued.write(this.certificates, host, "cluster", trusted));
		properties.put("cluster.transport.ssl.bundle", "cluster");
		return properties;
	}

	private void start(String host, Map<String, Object> extra, String... peers) {
		Map<String, Object> properties = ClusterTestApplication.defaults();
		properties.put("cluster.node.host", host);
		properties.put("cluster.transport.port", this.port);
		properties.put("cluster.cookie", COOKIE);
		properties.put("cluster.reconnect.max-backoff", "1s");
		properties.put("cluster.discovery.static.peers",
				String.join(",", java.util.Arrays.stream(peers).map((peer) -> peer + ":" + this.port).toList()));
		properties.putAll(extra);
		this.nodes.add(ClusterTestApplication.run(WebApplicationType.SERVLET, properties));
	}

	private void assertRefused(int node, String peerHost, Reason reason) {
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(cluster(this.nodes.get(node)).peers())
			.filteredOn((member) -> member.address().host().equals(peerHost))
			.singleElement()
			.satisfies((member) -> {
				assertThat(member.lastError()).isEqualTo(reason);
				assertThat(member.state()).isEqualTo(MemberState.REJECTED);
			}));
	}

	private static Cluster cluster(ConfigurableApplicationContext node) {
		return node.getBean(Cluster.class);
	}

	private static List<String> names(List<Member> members) {
		return members.stream().map((member) -> String.valueOf(member.name())).toList();
	}

	/**
	 * A TCP relay on 127.0.0.1 that records what passes through it, both ways.
	 */
	private static final class Relay implements AutoCloseable {

		private final ServerSocket server;

		private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

		private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

		Relay(InetSocketAddress target) throws IOException {
			this.server = new ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"));
			Thread acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						Socket in = this.server.accept();
						Socket out = new Socket(target.getAddress(), target.getPort());
						this.sockets.add(in);
						this.sockets.add(out);
						pump(in.getInputStream(), out.getOutputStream());
						pump(out.getInputStream(), in.getOutputStream());
					}
					catch (IOException ex) {
						// closed, or the target is not up yet: the dialler tries again
					}
				}
			}, "relay");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		byte[] seen() {
			synchronized (this.seen) {
				return this.seen.toByteArray();
			}
		}

		private void pump(InputStream from, OutputStream to) {
			Thread pump = new Thread(() -> {
				byte[] buffer = new byte[8192];
				try {
					for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
						synchronized (this.seen) {
							this.seen.write(buffer, 0, read);
						}
						to.write(buffer, 0, read);
						to.flush();
					}
				}
				catch (IOException ex) {
					// one side closed
				}
				finally {
					this.sockets.forEach(Relay::closeQuietly);
				}
			}, "relay-pump");
			pump.setDaemon(true);
			pump.start();
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			this.sockets.forEach(Relay::closeQuietly);
		}

	}

}
