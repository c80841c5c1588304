package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Figure 7: messaging between two warm processes.
 * <p>
 * ClusterBoot: two JVMs running {@link MessagingPeer} (full JIT, the starter's default settings), one
 * serving {@code bench.echo}, one driving. Erlang: two nodes, one with a registered {@code gen_server},
 * one driving (bench/erlang/bench_node.erl). The floor: a plain Java TCP ping-pong between the same
 * two JVMs, 100 bytes each way with TCP_NODELAY, measured by the same loop.
 * <ul>
 * <li>Round trip: one request at a time with a 100-byte payload and reply; per run the p50 and p99 of
 * {@value #ROUND_TRIPS} round trips after a warm-up.</li>
 * <li>One-way: one sender, one receiver, {@value #SMALL_MESSAGES} messages of 100 bytes (and
 * {@value #LARGE_MESSAGES} of 64 KiB) sent as fast as the sender is allowed, then one request that the
 * receiver answers after it has handled all of them; the clock runs from the first send to that
 * reply.</li>
 * </ul>
 */
final class MessagingFigure {

	static final int WARMUP_ROUND_TRIPS = 20_000;

	static final int ROUND_TRIPS = 10_000;

	static final int SMALL_MESSAGES = 200_000;

	static final int LARGE_MESSAGES = 2_000;

	static final int LARGE = 64 * 1024;

	private static final int PORT = 27480;

	private static final Pattern READY = Pattern.compile("^\\[bench\\] ready ");

	private final Env env;

	private final Epmd epmd;

	private final int runs;

	MessagingFigure(Env env, Epmd epmd, int runs) {
		this.env = env;
		this.epmd = epmd;
		this.runs = runs;
	}

	void run(Results results) {
		System.out.println("Figure 7: messaging");
		Measured cb = attempt(this::clusterBoot, "ClusterBoot messaging");
		Measured erl = attempt(this::erlang, "Erlang messaging");
		Row.Result floor = cb.tcpP50();
		boolean withinFloor = cb.p50().stats() != null && floor.stats() != null
				&& cb.p50().stats().median() <= 1.5 * floor.stats().median();
		results.add(new Row("7", "Request-reply round trip, 100 B, two warm processes, p50 (µs; Erlang: gen_server:call)",
				cb.p50(), erl.p50(), "≤ 1.5× the TCP floor",
				(cb.p50().stats() != null && floor.stats() != null) ? Results.verdict(withinFloor) : ""));
		results.add(new Row("7", "… p99 (µs)", cb.p99(), erl.p99(), "", ""));
		results.add(new Row("7", "… the floor: plain Java TCP ping-pong between the same two JVMs, p50 (µs)", floor, null,
				"", ""));
		results.add(new Row("7", "… the floor, p99 (µs)", cb.tcpP99(), null, "", ""));
		results.add(new Row("7", "One-way, 100 B messages, one sender → one receiver (messages/s; Erlang: !; higher is better)",
				cb.small(), erl.small(), "≥ Erlang", atLeast(cb.small(), erl.small())));
		results.add(new Row("7", "One-way, 64 KiB messages (MB/s; higher is better)", cb.large(), erl.large(), "≥ Erlang",
				atLeast(cb.large(), erl.large())));
		java.nio.file.Path certificates = BenchTls.certificates(this.env);
		Measured cbTls = attempt(() -> clusterBoot(certificates), "ClusterBoot messaging over TLS");
		Measured erlTls = attempt(() -> erlang(BenchTls.erlangOptions(certificates)), "Erlang messaging over TLS");
		results.add(new Row("7", "Over mutual TLS 1.3: request-reply round trip, 100 B, p50 (µs; Erlang: inet_tls)",
				cbTls.p50(), erlTls.p50(), "", ""));
		results.add(new Row("7", "Over mutual TLS 1.3: one-way, 100 B messages (messages/s; higher is better)",
				cbTls.small(), erlTls.small(), "", ""));
		results.add(new Row("7", "Over mutual TLS 1.3: one-way, 64 KiB messages (MB/s; higher is better)",
				cbTls.large(), erlTls.large(), "", ""));
		if (cb.retries() > 0) {
			results.note("Figure 7: the ClusterBoot sender was refused as saturated " + cb.retries()
					+ " times over all runs and retried each after 20 µs (the write buffer was full: the receiver "
					+ "pushed back)");
		}
	}

	private static String atLeast(Row.Result clusterBoot, Row.Result erlang) {
		if (clusterBoot.stats() == null || erlang.stats() == null) {
			return "";
		}
		return Results.verdict(clusterBoot.stats().median() >= erlang.stats().median());
	}

	private Measured clusterBoot() {
		return clusterBoot(null);
	}

	private Measured clusterBoot(java.nio.file.Path tls) {
		String server = "127.0.4.1";
		String driver = "127.0.4.2";
		List<String> base = new ArrayList<>(List.of(this.env.java(), "-Xmx512m"));
		if (tls != null) {
			base.add("-Dbench.tls=" + tls);
		}
		base.addAll(List.of("-cp", System.getProperty("java.class.path"), MessagingPeer.class.getName()));
		List<String> serve = new ArrayList<>(base);
		serve.addAll(List.of("serve", server, Integer.toString(PORT), Integer.toString(PORT + 1)));
		List<String> drive = new ArrayList<>(base);
		drive.addAll(List.of("drive", driver, Integer.toString(PORT), server, Integer.toString(PORT + 1)));
		try (NodeProcess echo = NodeProcess.start("messaging-serve", serve, Map.of(),
				this.env.logs().resolve("messaging-serve.log"), READY)) {
			echo.awaitReady(60);
			try (NodeProcess sender = NodeProcess.start("messaging-drive", drive, Map.of(),
					this.env.logs().resolve("messaging-drive.log"), READY)) {
				sender.awaitReady(60);
				return measure(sender, "", (tls != null) ? "ClusterBoot TLS" : "ClusterBoot", tls == null);
			}
		}
	}

	private Measured erlang() {
		return erlang(null);
	}

	private Measured erlang(java.nio.file.Path tlsOptions) {
		try (ErlangCluster pair = new ErlangCluster(this.env, this.epmd,
				(tlsOptions != null) ? "messaging-tls" : "messaging", 2, 1, null).withTls(tlsOptions)) {
			pair.start();
			NodeProcess server = pair.node(1);
			server.send("serve");
			server.await("the echo server", 30, () -> server.benchLines().contains("serving"));
			return measure(pair.node(0), pair.name(1) + " ", (tlsOptions != null) ? "Erlang TLS" : "Erlang", false);
		}
	}

	/**
	 * Warms up, then runs each measurement {@link #runs} times.
	 * @param peer what the driver's commands name before their numbers: the serving node for Erlang,
	 * nothing for ClusterBoot's driver, which knows its one peer
	 * @param tcp whether to measure the plain TCP floor too (ClusterBoot's driver only)
	 */
	private Measured measure(NodeProcess driver, String peer, String label, boolean tcp) {
		command(driver, "rtt " + peer + WARMUP_ROUND_TRIPS + " " + ROUND_TRIPS);
		if (tcp) {
			command(driver, "tcp " + WARMUP_ROUND_TRIPS + " " + ROUND_TRIPS);
		}
		command(driver, "oneway " + peer + MessagingPeer.SIZE + " " + SMALL_MESSAGES);
		command(driver, "oneway " + peer + LARGE + " " + LARGE_MESSAGES);
		List<Double> p50 = new ArrayList<>();
		List<Double> p99 = new ArrayList<>();
		List<Double> tcpP50 = new ArrayList<>();
		List<Double> tcpP99 = new ArrayList<>();
		List<Double> small = new ArrayList<>();
		List<Double> large = new ArrayList<>();
		long retries = 0;
		for (int run = 0; run < this.runs; run++) {
			String[] rtt = command(driver, "rtt " + peer + "0 " + ROUND_TRIPS);
			p50.add(Long.parseLong(rtt[1]) / 1000.0);
			p99.add(Long.parseLong(rtt[2]) / 1000.0);
			if (tcp) {
				String[] floor = command(driver, "tcp 0 " + ROUND_TRIPS);
				tcpP50.add(Long.parseLong(floor[1]) / 1000.0);
				tcpP99.add(Long.parseLong(floor[2]) / 1000.0);
			}
			String[] oneSmall = command(driver, "oneway " + peer + MessagingPeer.SIZE + " " + SMALL_MESSAGES);
			small.add(SMALL_MESSAGES / (Long.parseLong(oneSmall[1]) / 1e9));
			String[] oneLarge = command(driver, "oneway " + peer + LARGE + " " + LARGE_MESSAGES);
			large.add((double) LARGE_MESSAGES * LARGE / 1e6 / (Long.parseLong(oneLarge[1]) / 1e9));
			retries += Long.parseLong(oneSmall[2]) + Long.parseLong(oneLarge[2]);
			System.out.println("    " + label + " messaging run " + (run + 1) + "/" + this.runs + ": p50 "
					+ Stats.number(p50.get(run)) + " µs, p99 " + Stats.number(p99.get(run)) + " µs"
					+ (tcp ? ", TCP p50 " + Stats.number(tcpP50.get(run)) + " µs" : "") + ", "
					+ Stats.number(small.get(run)) + " msg/s, " + Stats.number(large.get(run)) + " MB/s");
		}
		return new Measured(Row.Result.of(Stats.of(p50)), Row.Result.of(Stats.of(p99)),
				tcp ? Row.Result.of(Stats.of(tcpP50)) : null, tcp ? Row.Result.of(Stats.of(tcpP99)) : null,
				Row.Result.of(Stats.of(small)), Row.Result.of(Stats.of(large)), retries);
	}

	/** Sends one command and waits for its answer line, which starts with the command's verb. */
	private static String[] command(NodeProcess driver, String line) {
		String verb = line.substring(0, line.indexOf(' '));
		long before = driver.benchLines().stream().filter((l) -> l.startsWith(verb + " ")).count();
		driver.send(line);
		driver.await(line, 300, () -> driver.benchLines().stream().filter((l) -> l.startsWith(verb + " ")).count() > before);
		return driver.benchLines().stream().filter((l) -> l.startsWith(verb + " ")).skip(before).findFirst().orElseThrow()
			.split(" ");
	}

	private static Measured attempt(Supplier<Measured> measurement, String what) {
		try {
			return measurement.get();
		}
		catch (RuntimeException ex) {
			System.out.println("  " + what + " failed: " + ex);
			ex.printStackTrace(System.out);
			Row.Result failed = Row.Result.note("failed: " + ex.getMessage());
			return new Measured(failed, failed, failed, failed, failed, failed, 0);
		}
	}

	/** One side's figures (the TCP floor only on ClusterBoot's side). */
	private record Measured(Row.Result p50, Row.Result p99, Row.Result tcpP50, Row.Result tcpP99, Row.Result small,
			Row.Result large, long retries) {
	}

}
