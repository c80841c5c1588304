package io.clusterboot.internal.discovery.dns;

import java.util.Set;

import org.junit.jupiter.api.AfterEach;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.PeerDiscoveryContractTest;

/**
 * The dns strategy against dnsmasq: A records of a name, and a server that never answers.
 */
class DnsPeerDiscoveryContractTests extends PeerDiscoveryContractTest {

	private static final String NAME = "peers." + Dnsmasq.DOMAIN;

	private static final int PORT = 4370;

	private Dnsmasq dnsmasq;

	private ScriptedDnsServer silent;

	@Override
	protected Set<PeerAddress> someAddresses() {
		return Set.of(new PeerAddress("127.0.0.2", PORT), new PeerAddress("127.0.0.3", PORT),
				new PeerAddress("127.0.0.4", PORT));
	}

	@Override
	protected PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) throws Exception {
		this.dnsmasq = Dnsmasq.start();
		this.dnsmasq.hosts("peers", addresses.stream().map((address) -> address.host() + " " + NAME)
			.toArray(String[]::new));
		this.dnsmasq.restart(); // so the first query already sees the file
		return new DnsPeerDiscovery(NAME, PORT, this.dnsmasq.settings());
	}

	@Override
	protected PeerDiscovery discoveryOfBrokenSource() throws Exception {
		this.silent = ScriptedDnsServer.udp((query) -> null);
		return new DnsPeerDiscovery(NAME, PORT, this.silent.settings());
	}

	@AfterEach
	void stopServers() throws Exception {
		if (this.dnsmasq != null) {
			this.dnsmasq.close();
		}
		if (this.silent != null) {
			this.silent.close();
		}
	}

}
