package io.clusterboot.internal.discovery.dns;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;

import static io.clusterboot.internal.discovery.dns.BadDnsAnswersTests.address;
import static io.clusterboot.internal.discovery.dns.BadDnsAnswersTests.name;
import static io.clusterboot.internal.discovery.dns.DnsPeerDiscoveryTests.found;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The srv strategy: where target addresses come from, and targets that are gone or fail.
 */
class SrvPeerDiscoveryTests {

	private static final Name SRV_NAME = name("_cluster._tcp.peers." + Dnsmasq.DOMAIN + ".");

	private static final Name NODE_1 = name("node-1." + Dnsmasq.DOMAIN + ".");

	private static final Name NODE_2 = name("node-2." + Dnsmasq.DOMAIN + ".");

	@Test
	void takesTargetAddressesFromTheAdditionalSectionWithoutAskingAgain() throws Exception {
		try (ScriptedDnsServer server = ScriptedDnsServer.udp((query) -> ScriptedDnsServer.answer(query,
				Rcode.NOERROR, List.of(srv(4371, NODE_1), srv(4372, NODE_2)),
				List.of(a(NODE_1, "127.0.0.2"), aaaa(NODE_2, "::1"))))) {
			assertThat(new SrvPeerDiscovery(SRV_NAME.toString(), server.settings()).discover())
				.isEqualTo(found(new PeerAddress("127.0.0.2", 4371), new PeerAddress("::1", 4372)));
			assertThat(server.queries()).isOne();
		}
	}

	@Test
	void resolvesTargetsWhenTheAnswerHasNoAddresses() throws Exception {
		Map<Name, Record> addresses = Map.of(NODE_1, a(NODE_1, "127.0.0.2"), NODE_2, aaaa(NODE_2, "::1"));
		try (ScriptedDnsServer server = ScriptedDnsServer.udp((query) -> {
			Record question = query.getQuestion();
			if (question.getType() == Type.SRV) {
				return ScriptedDnsServer.answer(query, Rcode.NOERROR, srv(4371, NODE_1), srv(4372, NODE_2));
			}
			Record address = addresses.get(question.getName());
			return (address != null && address.getType() == question.getType())
					? ScriptedDnsServer.answer(query, Rcode.NOERROR, address) : ScriptedDnsServer.answer(query,
							Rcode.NOERROR);
		})) {
			assertThat(new SrvPeerDiscovery(SRV_NAME.toString(), server.settings()).discover())
				.isEqualTo(found(new PeerAddress("127.0.0.2", 4371), new PeerAddress("::1", 4372)));
		}
	}

	@Test
	void skipsATargetThatNoLongerExists() throws Exception {
		try (ScriptedDnsServer server = ScriptedDnsServer.udp((query) -> {
			Record question = query.getQuestion();
			if (question.getType() == Type.SRV) {
				return ScriptedDnsServer.answer(query, Rcode.NOERROR, List.of(srv(4371, NODE_1), srv(4372, NODE_2)),
						List.of(a(NODE_1, "127.0.0.2")));
			}
			return ScriptedDnsServer.answer(query, Rcode.NXDOMAIN);
		})) {
			assertThat(new SrvPeerDiscovery(SRV_NAME.toString(), server.settings()).discover())
				.isEqualTo(found(new PeerAddress("127.0.0.2", 4371)));
		}
	}

	@Test
	void failsWhenATargetCannotBeResolved() throws Exception {
		try (ScriptedDnsServer server = ScriptedDnsServer.udp((query) -> {
			if (query.getQuestion().getType() == Type.SRV) {
				return ScriptedDnsServer.answer(query, Rcode.NOERROR, srv(4371, NODE_1));
			}
			return ScriptedDnsServer.answer(query, Rcode.SERVFAIL);
		})) {
			assertThat(new SrvPeerDiscovery(SRV_NAME.toString(), server.settings()).discover())
				.isInstanceOfSatisfying(DiscoveryResult.Failed.class,
						(failed) -> assertThat(failed.error()).contains(NODE_1.toString(), "SERVFAIL"));
		}
	}

	@Test
	void theNoServiceTargetIsFoundNothing() throws Exception {
		try (ScriptedDnsServer server = ScriptedDnsServer
			.udp((query) -> ScriptedDnsServer.answer(query, Rcode.NOERROR, srv(4371, Name.root)))) {
			assertThat(new SrvPeerDiscovery(SRV_NAME.toString(), server.settings()).discover()).isEqualTo(found());
		}
	}

	@Test
	void dialsEachTargetOnItsOwnPortWithDnsmasq() throws Exception {
		Name v6 = name("node-v6." + Dnsmasq.DOMAIN + ".");
		try (Dnsmasq dnsmasq = Dnsmasq.start("--srv-host=" + SRV_NAME + "," + NODE_1 + ",4371",
				"--srv-host=" + SRV_NAME + "," + NODE_2 + ",4372", "--srv-host=" + SRV_NAME + "," + v6 + ",4373")) {
			dnsmasq.hosts("targets", "127.0.0.2 " + NODE_1, "127.0.0.3 " + NODE_2, "::1 " + v6);
			DnsSettings settings = new DnsSettings(List.of(dnsmasq.address()), List.of(), 1, Duration.ofMillis(500), 1);
			SrvPeerDiscovery discovery = new SrvPeerDiscovery(SRV_NAME.toString(), settings);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(discovery.discover()).isEqualTo(
					found(new PeerAddress("127.0.0.2", 4371), new PeerAddress("127.0.0.3", 4372),
							new PeerAddress("::1", 4373))));
		}
	}

	private static SRVRecord srv(int port, Name target) {
		return new SRVRecord(SRV_NAME, DClass.IN, 0, 0, 0, port, target);
	}

	private static Record a(Name name, String address) {
		return new ARecord(name, DClass.IN, 0, address(address));
	}

	private static Record aaaa(Name name, String address) {
		return new AAAARecord(name, DClass.IN, 0, address(address));
	}

}
