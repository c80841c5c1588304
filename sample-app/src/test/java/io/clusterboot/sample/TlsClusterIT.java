package io.clusterboot.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@code tls} profile as the README runs it: certificates from {@code tls/make-certs.sh},
 * two laptop nodes (the local strategy) connected over mutual TLS; the certificate renewed by running
 * the script again is picked up without a restart.
 */
class TlsClusterIT {

	@TempDir
	Path home;

	@TempDir
	Path logs;

	@TempDir
	Path certificates;

	@Test
	void twoLaptopNodesConnectOverMutualTlsAndPickUpARenewedCertificate() throws Exception {
		makeCertificates();
		List<String> jvm = List.of("-Duser.home=" + this.home);
		List<String> args = List.of("--spring.profiles.active=tls", "--CLUSTER_TLS_DIR=" + this.certificates,
				"--cluster.discovery.local.port-range=24485-24489", "--spring.ssl.bundle.watch.file.quiet-period=200ms");
		// The cluster on 127.0.0.1 as on a laptop; each web server on an address of its own, to ask it.
		try (SampleNode first = SampleNode.launch("127.0.0.2", this.logs, jvm, with(args, "127.0.0.2"), null);
				SampleNode second = SampleNode.launch("127.0.0.3", this.logs, jvm, with(args, "127.0.0.3"), null)) {
			first.awaitLog("Node up: sample-2448\\d@127\\.0\\.0\\.1 at 127\\.0\\.0\\.1:2448\\d", 1);
			second.awaitLog("Node up: sample-2448\\d@127\\.0\\.0\\.1 at 127\\.0\\.0\\.1:2448\\d", 1);
			first.awaitLog("mutual TLS as CN=sample-node", 1);
			String json = first.get("/actuator/cluster");
			assertThat(json).contains("\"tls\":true").contains("\"protocol\":\"TLSv1.3\"")
				.contains("\"peerCertificateSubject\":\"CN=sample-node\"");
			assertThat(first.get("/actuator/health")).contains("\"tls\":true");

			makeCertificates();
			first.awaitLog("SSL bundle 'cluster' reloaded", 1);
			second.awaitLog("SSL bundle 'cluster' reloaded", 1);
			Awaitility.await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(first.get("/actuator/cluster")).contains("\"state\":\"connected\""));
			assertThat(first.output()).doesNotContain("Node down");
		}
	}

	private static List<String> with(List<String> args, String httpAddress) {
		List<String> all = new java.util.ArrayList<>(args);
		all.add("--server.address=" + httpAddress);
		return all;
	}

	private void makeCertificates() throws Exception {
		Process process = new ProcessBuilder("bash", "tls/make-certs.sh", this.certificates.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

}
