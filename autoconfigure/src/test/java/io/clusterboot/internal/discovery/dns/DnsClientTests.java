package io.clusterboot.internal.discovery.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

import static io.clusterboot.internal.discovery.dns.BadDnsAnswersTests.address;
import static io.clusterboot.internal.discovery.dns.BadDnsAnswersTests.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How names are completed by the search path, and how a server address is read. Nothing here sends a
 * query.
 */
class DnsClientTests {

	// What a pod in namespace "shop" gets in /etc/resolv.conf.
	private static final List<Name> KUBERNETES_SEARCH = List.of(name("shop.svc.cluster.local."),
			name("svc.cluster.local."), name("cluster.local."));

	@Test
	void triesAShortNameInEverySearchDomainThenAsItIs() {
		assertThat(client(KUBERNETES_SEARCH, 5).candidates(name("app-headless"))).containsExactly(
				name("app-headless.shop.svc.cluster.local."), name("app-headless.svc.cluster.local."),
				name("app-headless.cluster.local."), name("app-headless."));
	}

	@Test
	void triesANameWithEnoughDotsAsItIsFirst() {
		assertThat(client(KUBERNETES_SEARCH, 2).candidates(name("app-headless.shop.svc"))).containsExactly(
				name("app-headless.shop.svc."), name("app-headless.shop.svc.shop.svc.cluster.local."),
				name("app-headless.shop.svc.svc.cluster.local."), name("app-headless.shop.svc.cluster.local."));
	}

	@Test
	void triesAnAbsoluteNameOnly() {
		assertThat(client(KUBERNETES_SEARCH, 5).candidates(name("app-headless.shop.svc.cluster.local.")))
			.containsExactly(name("app-headless.shop.svc.cluster.local."));
	}

	@Test
	void withoutSearchDomainsTriesTheNameAsItIs() {
		assertThat(client(List.of(), 1).candidates(name("peers"))).containsExactly(name("peers."));
	}

	@Test
	void readsAServerWithOrWithoutPort() {
		assertThat(DnsSettings.parseServer("127.0.0.53")).isEqualTo(new InetSocketAddress(address("127.0.0.53"), 53));
		assertThat(DnsSettings.parseServer("127.0.0.53:5353"))
			.isEqualTo(new InetSocketAddress(address("127.0.0.53"), 5353));
		assertThat(DnsSettings.parseServer("[::1]:5353")).isEqualTo(new InetSocketAddress(address("::1"), 5353));
		assertThat(DnsSettings.parseServer("::1")).isEqualTo(new InetSocketAddress(address("::1"), 53));
	}

	@Test
	void refusesAServerThatIsNotAnIpAddressRatherThanLookItUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> DnsSettings.parseServer("kube-dns.kube-system"))
			.withMessageContaining("is not an IP address");
		assertThatIllegalArgumentException().isThrownBy(() -> DnsSettings.parseServer("127.0.0.1:dns"));
	}

	private static DnsClient client(List<Name> searchPath, int ndots) {
		return new DnsClient(new DnsSettings(List.of(new InetSocketAddress(address("127.0.0.1"), 53)), searchPath,
				ndots, Duration.ofSeconds(1), 0));
	}

}
