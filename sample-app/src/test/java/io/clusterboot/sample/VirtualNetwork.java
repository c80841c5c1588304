package io.clusterboot.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network that exists only for one test: a switch namespace holding a bridge, and one namespace per
 * node joined to it by a veth pair, with an address of 198.18.0.0/24 (the benchmarking range, routed
 * nowhere). Nothing is added to the test's own namespace, and nothing there can reach these
 * addresses. Faults are iptables rules inside a node's namespace. {@link #close()} kills what runs in
 * the namespaces and deletes them, rules included; namespaces a crashed run left behind are deleted
 * when the next one starts.
 */
final class VirtualNetwork implements AutoCloseable {

	static final String PREFIX = "cbfault-";

	private final String id = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());

	private final List<String> nodes = new ArrayList<>();

	private final String switchNamespace = PREFIX + this.id + "-sw";

	private VirtualNetwork() {
	}

	/**
	 * Why namespaces cannot be made here, or {@code null} if they can.
	 */
	static String unavailable() {
		try {
			String probe = PREFIX + "probe";
			run(false, "ip", "netns", "del", probe);
			Result result = run(false, "ip", "netns", "add", probe);
			run(false, "ip", "netns", "del", probe);
			if (result.exit() != 0) {
				return "cannot create a network namespace (root and iproute2 needed): " + result.output();
			}
			Result iptables = run(false, "iptables", "-w", "-V");
			return (iptables.exit() != 0) ? "iptables is missing: " + iptables.output() : null;
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
	}

	/**
	 * Builds the network.
	 * @param size the number of node namespaces
	 */
	static VirtualNetwork create(int size) throws IOException {
		deleteLeftovers();
		VirtualNetwork network = new VirtualNetwork();
		// Also when the test JVM is stopped before its tests end (Ctrl-C, a build timeout).
		Runtime.getRuntime().addShutdownHook(new Thread(network::close, "virtual-network-cleanup"));
		try {
			network.build(size);
		}
		catch (IOException | RuntimeException ex) {
			network.close();
			throw ex;
		}
		return network;
	}

	private void build(int size) throws IOException {
		String sw = this.switchNamespace;
		run(true, "ip", "netns", "add", sw);
		run(true, "ip", "-n", sw, "link", "set", "lo", "up");
		run(true, "ip", "-n", sw, "link", "add", "br0", "type", "bridge");
		run(true, "ip", "-n", sw, "link", "set", "br0", "up");
		for (int i = 0; i < size; i++) {
			String namespace = PREFIX + this.id + "-n" + i;
			run(true, "ip", "netns", "add", namespace);
			this.nodes.add(namespace);
			run(true, "ip", "-n", namespace, "link", "set", "lo", "up");
			// Both ends made where they live: the test's own namespace never holds either.
			run(true, "ip", "-n", namespace, "link", "add", "eth0", "type", "veth", "peer", "name", "port" + i, "netns",
					sw);
			run(true, "ip", "-n", namespace, "addr", "add", address(i) + "/24", "dev", "eth0");
			run(true, "ip", "-n", namespace, "link", "set", "eth0", "up");
			run(true, "ip", "-n", sw, "link", "set", "port" + i, "master", "br0");
			run(true, "ip", "-n", sw, "link", "set", "port" + i, "up");
		}
	}

	/** The address of node {@code index}: 198.18.0.11, .12, … */
	static String address(int index) {
		return "198.18.0." + (11 + index);
	}

	String namespace(int index) {
		return this.nodes.get(index);
	}

	/** Drops every packet between two nodes, both ways (rules in the first node's namespace). */
	void cut(int a, int b) throws IOException {
		iptables(a, "-A", "INPUT", "-s", address(b), "-j", "DROP");
		iptables(a, "-A", "OUTPUT", "-d", address(b), "-j", "DROP");
	}

	/** Drops what {@code from} sends to {@code to}; the other way still works. */
	void dropOneWay(int from, int to) throws IOException {
		iptables(from, "-A", "OUTPUT", "-d", address(to), "-j", "DROP");
	}

	/**
	 * Drops a share of a node's packets on the network, each way, at random (not on its loopback, which
	 * the test's own requests to the node use).
	 */
	void loss(int node, double probability) throws IOException {
		String p = String.format(java.util.Locale.ROOT, "%.2f", probability);
		iptables(node, "-A", "INPUT", "-i", "eth0", "-m", "statistic", "--mode", "random", "--probability", p, "-j",
				"DROP");
		iptables(node, "-A", "OUTPUT", "-o", "eth0", "-m", "statistic", "--mode", "random", "--probability", p, "-j",
				"DROP");
	}

	/**
	 * Waits until a node's namespace has a socket listening on a port, polling every 20 ms: when its
	 * listener opened, as seen from outside the process.
	 */
	java.time.Instant awaitListening(int node, int port, java.time.Duration patience) throws IOException {
		java.time.Instant deadline = java.time.Instant.now().plus(patience);
		while (java.time.Instant.now().isBefore(deadline)) {
			Result result = run(false, "ip", "netns", "exec", namespace(node), "ss", "-Hltn", "sport = :" + port);
			if (!result.output().isBlank()) {
				return java.time.Instant.now();
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}
		throw new IOException("nothing listens on port " + port + " in " + namespace(node) + " after " + patience);
	}

	/** Removes every fault of every node. */
	void heal() throws IOException {
		for (int i = 0; i < this.nodes.size(); i++) {
			iptables(i, "-F", "INPUT");
			iptables(i, "-F", "OUTPUT");
		}
	}

	/**
	 * The established TCP connections of a node to or from the cluster port, by the other end's address.
	 */
	List<String> clusterConnections(int node, int port) throws IOException {
		Result result = run(true, "ip", "netns", "exec", namespace(node), "ss", "-Htn", "state", "established",
				"( sport = :" + port + " or dport = :" + port + " )");
		List<String> peers = new ArrayList<>();
		for (String line : result.output().split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length >= 4) {
				String local = fields[fields.length - 2];
				String remote = fields[fields.length - 1];
				// One line per connection; the peer is the far end whichever side dialled.
				peers.add(remote.substring(0, remote.lastIndexOf(':')) + (local.endsWith(":" + port) ? " (in)" : " (out)"));
			}
		}
		return peers;
	}

	private void iptables(int node, String... rule) throws IOException {
		List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node), "iptables", "-w"));
		command.addAll(List.of(rule));
		run(true, command.toArray(String[]::new));
	}

	@Override
	public void close() {
		List<String> all = new ArrayList<>(this.nodes);
		all.add(this.switchNamespace);
		for (String namespace : all) {
			delete(namespace);
		}
	}

	// Whatever still runs in a namespace keeps it alive: those processes go first.
	private static void delete(String namespace) {
		try {
			Result pids = run(false, "ip", "netns", "pids", namespace);
			for (String pid : pids.output().split("\\s+")) {
				if (pid.matches("\\d+")) {
					run(false, "kill", "-9", pid);
				}
			}
			run(false, "ip", "netns", "del", namespace);
		}
		catch (IOException ex) {
			// best effort: the next run deletes leftovers
		}
	}

	private static void deleteLeftovers() throws IOException {
		for (String line : run(false, "ip", "netns", "list").output().split("\n")) {
			String name = line.trim().split("\\s+")[0];
			if (name.startsWith(PREFIX)) {
				delete(name);
			}
		}
	}

	private static Result run(boolean check, String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("timed out: " + String.join(" ", command));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted: " + String.join(" ", command), ex);
		}
		if (check && process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
		}
		return new Result(process.exitValue(), output);
	}

	private record Result(int exit, String output) {
	}

}
