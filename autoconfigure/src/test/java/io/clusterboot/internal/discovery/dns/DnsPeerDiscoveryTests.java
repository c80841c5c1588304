package io.clusterboot.internal.discovery.dns;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.xbill.DNS.Name;
import org.xbill.DNS.ResolverConfig;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dns strategy against a real DNS server (dnsmasq).
 */
@ExtendWith(OutputCaptureExtension.class)
class DnsPeerDiscoveryTests {

	private static final String NAME = "peers." + Dnsmasq.DOMAIN;

	private static final int PORT = 4370;

	private Dnsmasq dnsmasq;

	@BeforeEach
	void startDnsmasq() throws Exception {
		// Answers claim a TTL of an hour, so that anything cached between polls would show.
		this.dnsmasq = Dnsmasq.start("--local-ttl=3600", "--cname=alias." + Dnsmasq.DOMAIN + "," + NAME);
	}

	@AfterEach
	void stopDnsmasq() throws Exception {
		this.dnsmasq.close();
	}

	@Test
	void findsIpv4AndIpv6Addresses() throws Exception {
		this.dnsmasq.hosts("peers", "127.0.0.2 " + NAME, "::1 " + NAME);
		DnsPeerDiscovery discovery = new DnsPeerDiscovery(NAME, PORT, this.dnsmasq.settings());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(discovery.discover()).isEqualTo(
					found(new PeerAddress("127.0.0.2", PORT), new PeerAddress("::1", PORT))));
	}

	@Test
	void seesEveryChangeAtTheNextPollBecauseNothingIsCached() throws Exception {
		DnsPeerDiscovery discovery = new DnsPeerDiscovery(NAME, PORT, this.dnsmasq.settings());
		this.dnsmasq.hosts("peers", "127.0.0.2 " + NAME, "127.0.0.3 " + NAME);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(discovery.discover())
			.isEqualTo(found(new PeerAddress("127.0.0.2", PORT), new PeerAddress("127.0.0.3", PORT))));
		this.dnsmasq.hosts("peers", "127.0.0.3 " + NAME, "127.0.0.4 " + NAME);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(discovery.discover())
			.isEqualTo(found(new PeerAddress("127.0.0.3", PORT), new PeerAddress("127.0.0.4", PORT))));
	}

	@Test
	void followsCnames() throws Exception {
		this.dnsmasq.hosts("peers", "127.0.0.2 " + NAME);
		DnsPeerDiscovery discovery = new DnsPeerDiscovery("alias." + Dnsmasq.DOMAIN, PORT, this.dnsmasq.settings());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(discovery.discover()).isEqualTo(found(new PeerAddress("127.0.0.2", PORT))));
	}

	@Test
	void fetchesAnAnswerTooLargeForUdpOverTcp() throws Exception {
		// 150 A records are about 2.4 KB, more than the 1232 bytes dnsmasq sends over UDP: the UDP answer
		// is truncated, and only the retry over TCP can return all of them.
		List<String> lines = IntStream.rangeClosed(1, 150).mapToObj((i) -> "127.0.1." + i + " " + NAME).toList();
		this.dnsmasq.hosts("peers", lines.toArray(String[]::new));
		DnsPeerDiscovery discovery = new DnsPeerDiscovery(NAME, PORT, this.dnsmasq.settings());
		Set<PeerAddress> expected = IntStream.rangeClosed(1, 150)
			.mapToObj((i) -> new PeerAddress("127.0.1." + i, PORT))
			.collect(Collectors.toSet());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(discovery.discover()).isEqualTo(new DiscoveryResult.Found(expected)));
	}

	@Test
	void completesAShortNameWithTheSearchPath() throws Exception {
		this.dnsmasq.hosts("peers", "127.0.0.2 " + NAME);
		DnsSettings settings = new DnsSettings(List.of(this.dnsmasq.address()),
				List.of(Name.fromString("elsewhere.test."), Name.fromString(Dnsmasq.DOMAIN + ".")), 1,
				Duration.ofMillis(500), 1);
		DnsPeerDiscovery discovery = new DnsPeerDiscovery("peers", PORT, settings);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(discovery.discover()).isEqualTo(found(new PeerAddress("127.0.0.2", PORT))));
	}

	@Test
	void usesTheSystemsServersAndSearchDomainsByDefault() throws Exception {
		this.dnsmasq.hosts("peers", "127.0.0.2 " + NAME);
		// dnsjava reads its system properties before /etc/resolv.conf, so they stand in for the file here.
		System.setProperty("dns.server", "127.0.0.1:" + this.dnsmasq.address().getPort());
		System.setProperty("dns.search", Dnsmasq.DOMAIN);
		try {
			ResolverConfig.refresh();
			DnsSettings settings = DnsSettings.system(null, Duration.ofMillis(500), 1);
			assertThat(settings.servers()).containsExactly(this.dnsmasq.address());
			assertThat(settings.searchPath()).containsExactly(Name.fromString(Dnsmasq.DOMAIN + "."));
			DnsPeerDiscovery discovery = new DnsPeerDiscovery("peers", PORT, settings);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(
					() -> assertThat(discovery.discover()).isEqualTo(found(new PeerAddress("127.0.0.2", PORT))));
		}
		finally {
			System.clearProperty("dns.server");
			System.clearProperty("dns.search");
			ResolverConfig.refresh();
		}
	}

	@Test
	void aNameWithoutRecordsIsFoundNothingSaidOnceWhileItLasts(CapturedOutput output) throws Exception {
		DnsPeerDiscovery discovery = new DnsPeerDiscovery(NAME, PORT, this.dnsmasq.settings());
		for (int round = 0; round < 3; round++) {
			assertThat(discovery.discover()).isEqualTo(found());
		}
		assertThat(timesLogged(output)).isOne();
		this.dnsmasq.hosts("peers", "127.0.0.2 " + NAME);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(discovery.discover()).isEqualTo(found(new PeerAddress("127.0.0.2", PORT))));
		this.dnsmasq.removeHosts("peers");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(discovery.discover()).isEqualTo(found()));
		assertThat(discovery.discover()).isEqualTo(found());
		assertThat(timesLogged(output)).isEqualTo(2);
	}

	@Test
	void aRefusedQueryFailsNamingTheNameTheServerAndTheAnswer() {
		// dnsmasq answers only for its own domain and refuses the rest.
		DnsPeerDiscovery discovery = new DnsPeerDiscovery("peers.elsewhere.test", PORT, this.dnsmasq.settings());
		assertThat(discovery.discover()).isInstanceOfSatisfying(DiscoveryResult.Failed.class,
				(failed) -> assertThat(failed.error()).contains("peers.elsewhere.test", server(), "REFUSED"));
	}

	@Test
	void aStoppedServerIsAFailureNotAnEmptyAnswer() throws Exception {
		this.dnsmasq.hosts("peers", "127.0.0.2 " + NAME);
		DnsPeerDiscovery discovery = new DnsPeerDiscovery(NAME, PORT, this.dnsmasq.settings());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(discovery.discover()).isEqualTo(found(new PeerAddress("127.0.0.2", PORT))));
		this.dnsmasq.stop();
		assertThat(discovery.discover()).isInstanceOfSatisfying(DiscoveryResult.Failed.class,
				(failed) -> assertThat(failed.error()).contains(NAME, server()));
	}

	private String server() {
		return "127.0.0.1:" + this.dnsmasq.address().getPort();
	}

	private static long timesLogged(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("No A or AAAA records for " + NAME)).count();
	}

	static DiscoveryResult found(PeerAddress... addresses) {
		return new DiscoveryResult.Found(Set.of(addresses));
	}

}
