package io.clusterboot.internal.discovery.dns;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.testsupport.TestNodes;

import static io.clusterboot.testsupport.TestNodes.awaitFullMesh;

/**
 * Nodes that find each other through SRV records, each target on a port of its own.
 */
class SrvClusterTests {

	private static final String NAME = "_cluster._tcp.peers." + Dnsmasq.DOMAIN;

	private static final String[] HOSTS = { "127.0.0.2", "127.0.0.3", "127.0.0.4" };

	@Test
	void threeNodesOnDifferentPortsFormAFullMesh() throws Exception {
		int[] ports = new int[HOSTS.length];
		List<String> options = new ArrayList<>();
		List<String> hosts = new ArrayList<>();
		for (int i = 0; i < HOSTS.length; i++) {
			do {
				ports[i] = TestNodes.freePort(HOSTS[i]);
			}
			while (i > 0 && List.of(ports[0], ports[1], ports[2]).subList(0, i).contains(ports[i]));
			String target = "node-" + i + "." + Dnsmasq.DOMAIN;
			options.add("--srv-host=" + NAME + "," + target + "," + ports[i]);
			hosts.add(HOSTS[i] + " " + target);
		}
		try (Dnsmasq dnsmasq = Dnsmasq.start(options.toArray(String[]::new)); TestNodes nodes = new TestNodes()) {
			dnsmasq.hosts("targets", hosts.toArray(String[]::new));
			List<ClusterNode> started = new ArrayList<>();
			for (int i = 0; i < HOSTS.length; i++) {
				started.add(nodes.start(HOSTS[i], ports[i], new SrvPeerDiscovery(NAME, dnsmasq.settings())));
			}
			awaitFullMesh(started);
		}
	}

}
