package io.clusterboot.internal.discovery.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.xbill.DNS.Rcode;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.PeerDiscoveryContractTest;

/**
 * The srv strategy against dnsmasq: SRV records with a port per target, and a server that answers
 * SERVFAIL.
 */
class SrvPeerDiscoveryContractTests extends PeerDiscoveryContractTest {

	private static final String NAME = "_cluster._tcp.peers." + Dnsmasq.DOMAIN;

	private Dnsmasq dnsmasq;

	private ScriptedDnsServer failing;

	@Override
	protected Set<PeerAddress> someAddresses() {
		return Set.of(new PeerAddress("127.0.0.2", 4371), new PeerAddress("127.0.0.3", 4372),
				new PeerAddress("127.0.0.4", 4373));
	}

	@Override
	protected PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) throws Exception {
		List<String> options = new ArrayList<>();
		List<String> hosts = new ArrayList<>();
		int node = 0;
		for (PeerAddress address : addresses) {
			String target = "node-" + (++node) + "." + Dnsmasq.DOMAIN;
			options.add("--srv-host=" + NAME + "," + target + "," + address.port());
			hosts.add(address.host() + " " + target);
		}
		this.dnsmasq = Dnsmasq.start(options.toArray(String[]::new));
		this.dnsmasq.hosts("targets", hosts.toArray(String[]::new));
		this.dnsmasq.restart();
		return new SrvPeerDiscovery(NAME, this.dnsmasq.settings());
	}

	@Override
	protected PeerDiscovery discoveryOfBrokenSource() throws Exception {
		this.failing = ScriptedDnsServer.udp((query) -> ScriptedDnsServer.answer(query, Rcode.SERVFAIL));
		return new SrvPeerDiscovery(NAME, this.failing.settings());
	}

	@AfterEach
	void stopServers() throws Exception {
		if (this.dnsmasq != null) {
			this.dnsmasq.close();
		}
		if (this.failing != null) {
			this.failing.close();
		}
	}

}
