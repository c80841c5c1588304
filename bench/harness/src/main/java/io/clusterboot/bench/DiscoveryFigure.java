package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.dns.DnsPeerDiscovery;
import io.clusterboot.internal.discovery.dns.DnsSettings;
import io.clusterboot.internal.discovery.kubernetes.KubernetesDiscoveryMode;
import io.clusterboot.internal.discovery.kubernetes.KubernetesDiscoverySettings;
import io.clusterboot.internal.discovery.kubernetes.KubernetesPeerDiscovery;

/**
 * Figure 6: the cost of one discovery round, as the discovery thread sees it ({@code discover()},
 * warm). DNS: one A/AAAA poll of a name with 3 and with 300 A records, served by Debian's dnsmasq on
 * 127.0.0.1 from a hosts directory (300 records do not fit a UDP answer, so that poll also shows the
 * fallback to TCP). The records hold 127.0.5.x/127.0.6.x addresses that nothing dials. Kubernetes: one
 * list of the EndpointSlices of a Service with 300 ready endpoints (3 slices of 100, as the
 * EndpointSlice controller writes them) from fabric8's mock API server on 127.0.0.1, watch off.
 */
final class DiscoveryFigure {

	static final int WARMUP = 200;

	static final int POLLS_PER_RUN = 50;

	private final Env env;

	private final int runs;

	DiscoveryFigure(Env env, int runs) {
		this.env = env;
		this.runs = runs;
	}

	void run(Results results) {
		System.out.println("Figure 6: discovery cost");
		for (int records : new int[] { 3, 300 }) {
			Row.Result dns = Results.attempt(() -> dns(records), "dns poll, " + records + " records");
			results.add(new Row("6", "One dns poll, " + records + " A records, dnsmasq (ms; per run the median of "
					+ POLLS_PER_RUN + " polls)", dns, null, "", ""));
		}
		Row.Result kubernetes = Results.attempt(() -> kubernetes(300), "kubernetes list, 300 endpoints");
		results.add(new Row("6", "One kubernetes list, 300 endpoints in 3 EndpointSlices, fabric8 mock (ms; per run the "
				+ "median of " + POLLS_PER_RUN + " lists)", kubernetes, null, "", ""));
	}

	// Lists only (watch off), as each poll does; the mock serves the stored slices over plain HTTP.
	private Stats kubernetes(int endpoints) {
		try (KubernetesApi api = new KubernetesApi()) {
			api.endpoints(endpoints, SampleCluster.PORT);
			KubernetesPeerDiscovery discovery = new KubernetesPeerDiscovery(api.client(),
					new KubernetesDiscoverySettings(KubernetesApi.NAMESPACE, KubernetesDiscoveryMode.ENDPOINT_SLICES,
							KubernetesApi.SERVICE, null, "cluster", SampleCluster.PORT, false, Duration.ofSeconds(5),
							false));
			try (discovery) {
				for (int i = 0; i < WARMUP; i++) {
					poll(discovery, endpoints);
				}
				return Runs.repeat(this.runs, "kubernetes list, " + endpoints + " endpoints", (run) -> {
					List<Double> polls = new ArrayList<>();
					for (int i = 0; i < POLLS_PER_RUN; i++) {
						polls.add(poll(discovery, endpoints));
					}
					return Stats.of(polls).median();
				});
			}
		}
	}

	private Stats dns(int records) {
		Path hosts = this.env.logs().resolve("dnsmasq-hosts-" + records);
		try {
			Files.createDirectories(hosts);
			List<String> lines = new ArrayList<>();
			for (int i = 0; i < records; i++) {
				lines.add("127.0." + (5 + i / 250) + "." + (1 + i % 250) + " app.bench.test");
			}
			Files.write(hosts.resolve("hosts"), lines);
			int port = freeUdpPort();
			List<String> command = List.of("/usr/sbin/dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
					"--conf-file=/dev/null", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
					"--hostsdir=" + hosts, "--local=/bench.test/", "--user=" + System.getProperty("user.name"),
					"--pid-file=" + hosts.resolve("dnsmasq.pid"), "--log-facility=-");
			try (NodeProcess dnsmasq = NodeProcess.start("dnsmasq", command, Map.of(),
					this.env.logs().resolve("dnsmasq-" + records + ".log"), Pattern.compile("."))) {
				DnsPeerDiscovery discovery = new DnsPeerDiscovery("app.bench.test.", SampleCluster.PORT,
						new DnsSettings(List.of(new InetSocketAddress("127.0.0.1", port)), List.of(), 1,
								Duration.ofSeconds(2), 1));
				dnsmasq.await(records + " records from dnsmasq", 30, () -> count(discovery) == records);
				for (int i = 0; i < WARMUP; i++) {
					poll(discovery, records);
				}
				return Runs.repeat(this.runs, "dns poll, " + records + " records", (run) -> {
					List<Double> polls = new ArrayList<>();
					for (int i = 0; i < POLLS_PER_RUN; i++) {
						polls.add(poll(discovery, records));
					}
					return Stats.of(polls).median();
				});
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static double poll(PeerDiscovery discovery, int expected) {
		long start = System.nanoTime();
		DiscoveryResult result = discovery.discover();
		long took = System.nanoTime() - start;
		if (!(result instanceof DiscoveryResult.Found found) || found.addresses().size() != expected) {
			throw new IllegalStateException("Expected " + expected + " addresses, got " + result);
		}
		return Clock.millis(took);
	}

	private static int count(DnsPeerDiscovery discovery) {
		return (discovery.discover() instanceof DiscoveryResult.Found found) ? found.addresses().size() : -1;
	}

	private static int freeUdpPort() throws IOException {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			return socket.getLocalPort();
		}
	}

}
