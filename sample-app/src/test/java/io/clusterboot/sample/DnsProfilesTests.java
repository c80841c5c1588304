package io.clusterboot.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.clusterboot.discovery.PeerDiscovery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's dns and srv profiles start the matching discovery for the headless Service of k8s/.
 */
class DnsProfilesTests {

	@ParameterizedTest
	@CsvSource({ "dns, sample-headless", "srv, _cluster._tcp.sample-headless" })
	void profileStartsItsDiscoveryForTheHeadlessService(String profile, String name) throws IOException {
		// A DNS server on loopback where nobody listens: the test never asks the system's resolvers.
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.profiles(profile)
			.properties("spring.main.web-application-type=none", "cluster.cookie=sample-profile-test-cookie",
					"cluster.node.host=127.0.0.1", "cluster.transport.port=" + freePort(),
					"cluster.discovery.dns.server=127.0.0.1:" + freePort())
			.run()) {
			PeerDiscovery discovery = context.getBean(PeerDiscovery.class);
			assertThat(discovery.name()).isEqualTo(profile);
			assertThat(discovery.toString()).contains(name + " ");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
