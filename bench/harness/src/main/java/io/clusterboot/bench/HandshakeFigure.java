package io.clusterboot.bench;

import java.net.InetAddress;

import io.clusterboot.Reason;
import io.netty.util.NetUtil;

import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.Cookies;
import io.clusterboot.internal.transport.ConnectionListener;
import io.clusterboot.internal.transport.PeerConnection;
import io.clusterboot.internal.transport.Transport;
import io.clusterboot.internal.transport.TransportSettings;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.handshake.LocalIdentity;
import io.clusterboot.internal.transport.tls.TransportTls;

/**
 * Figure 2: handshake latency and accept rate.
 * <p>
 * Latency: two warm nodes; one dials the other and the clock runs from the dial until the dialler
 * holds an authenticated connection (TCP connect, magic and version, HELLO, CHALLENGE, PROOF,
 * ACCEPT; the listener has registered the peer before it sends ACCEPT). Then the connection is closed,
 * the listener's close is awaited plus 2 ms, and the next dial starts. ClusterBoot's two nodes are
 * two {@link Transport}s in this (warmed-up) JVM; Erlang's are two nodes timing
 * {@code net_kernel:connect_node/1}, which includes its epmd lookup.
 * <p>
 * Accept rate: 8 diallers, each dialling one listener over and over (dial, handshake, close, dial
 * again), for 2 s; the figure is completed handshakes per second. Everything shares the 2 cores.
 */
final class HandshakeFigure {

	static final int DIALLERS = 8;

	static final int WARMUP = 500;

	static final int DIALS_PER_RUN = 200;

	static final long RATE_MILLIS = 2000;

	private static final int PORT = 27470;

	private static final Cookie COOKIE = Cookie.of(SampleCluster.COOKIE);

	private final Env env;

	private final Epmd epmd;

	private final int runs;

	HandshakeFigure(Env env, Epmd epmd, int runs) {
		this.env = env;
		this.epmd = epmd;
		this.runs = runs;
	}

	void run(Results results) {
		System.out.println("Figure 2: handshake");
		Row.Result cb = Results.attempt(this::clusterBootLatency, "ClusterBoot handshake");
		Row.Result erl = Results.attempt(this::erlangLatency, "Erlang handshake");
		results.add(new Row("2", "Handshake, warm, dial → connected (ms; per run the median of " + DIALS_PER_RUN
				+ " dials)", cb, erl, "< 2 ms", (cb.stats() != null) ? Results.verdict(cb.stats().median() < 2) : ""));
		java.nio.file.Path certificates = BenchTls.certificates(this.env);
		Row.Result cbTls = Results.attempt(() -> clusterBootLatency(BenchTls.transport(certificates)),
				"ClusterBoot TLS handshake");
		Row.Result erlTls = Results.attempt(() -> erlangLatency(BenchTls.erlangOptions(certificates)),
				"Erlang TLS handshake");
		results.add(new Row("2", "Handshake over mutual TLS 1.3, warm, dial → connected (ms; Erlang: inet_tls; EC P-256)",
				cbTls, erlTls, "", ""));
		Row.Result cbFirst = Results.attempt(this::clusterBootFirstInApp, "ClusterBoot first handshake");
		Row.Result erlFirst = Results.attempt(this::erlangFirst, "Erlang first handshake");
		results.add(new Row("2", "Handshake, the first one of a freshly started process (ms; ClusterBoot: a sample-app "
				+ "process dials another, discovery → connected)", cbFirst, erlFirst, "≤ 2× Erlang",
				(cbFirst.stats() != null && erlFirst.stats() != null)
						? Results.verdict(cbFirst.stats().median() <= 2 * erlFirst.stats().median()) : ""));
		results.add(new Row("2", "… diagnostic: a bare transport in a fresh JVM, its first dial (ms; no Spring, no warm-up)",
				Results.attempt(() -> clusterBootFirst(false), "ClusterBoot bare first handshake"), erlFirst, "", ""));
		results.add(new Row("2", "… diagnostic: the same after the starter's transport warm-up ran in that JVM (ms)",
				Results.attempt(() -> clusterBootFirst(true), "ClusterBoot bare first handshake after the warm-up"),
				erlFirst, "", ""));
		Row.Result cbRate = Results.attempt(this::clusterBootRate, "ClusterBoot accept rate");
		Row.Result erlRate = Results.attempt(this::erlangRate, "Erlang accept rate");
		results.add(new Row("2", "Handshakes one node accepts per second, " + DIALLERS + " diallers (higher is better)", cbRate, erlRate,
				"", ""));
	}

	private Stats clusterBootLatency() {
		return clusterBootLatency(null);
	}

	private Stats clusterBootLatency(TransportTls tls) {
		String label = (tls != null) ? "ClusterBoot TLS handshake" : "ClusterBoot handshake";
		Semaphore closed = new Semaphore(0);
		try (Transport listener = listener(new Events(closed, new LongAdder(), false), tls);
				Transport dialler = dialler("127.0.3.2", new Events(new Semaphore(0), new LongAdder(), false), tls)) {
			PeerAddress address = new PeerAddress("127.0.3.1", PORT);
			for (int i = 0; i < WARMUP; i++) {
				dialOnce(dialler, address, closed);
			}
			return Runs.repeat(this.runs, label, (run) -> {
				List<Double> dials = new ArrayList<>();
				for (int i = 0; i < DIALS_PER_RUN; i++) {
					dials.add(dialOnce(dialler, address, closed));
				}
				return Stats.of(dials).median();
			});
		}
	}

	private static double dialOnce(Transport dialler, PeerAddress address, Semaphore closed) {
		try {
			long start = System.nanoTime();
			PeerConnection connection = dialler.dial(address, InetAddress.getByName(address.host())).get(5, TimeUnit.SECONDS);
			long took = System.nanoTime() - start;
			connection.close(Reason.SHUTDOWN);
			if (!closed.tryAcquire(5, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The listener did not see the connection close");
			}
			Thread.sleep(2);
			return Clock.millis(took);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Dial failed: " + ex, ex);
		}
	}

	// Two fresh sample-app processes per run; only the first is released, so it dials and the other
	// accepts. From the gate's "discovered" (discovery returned the peer: the dial begins) to "up".
	private Stats clusterBootFirstInApp() {
		return Runs.repeat(this.runs, "ClusterBoot first handshake", (run) -> {
			try (SampleCluster pair = new SampleCluster(this.env, "first-app" + run, 2, 100, List.of())) {
				pair.start();
				NodeProcess dialler = pair.nodes().get(0);
				long at = Clock.now() + 300_000_000L;
				dialler.send(pair.goLine(at, 0));
				dialler.await("the first handshake", 60, () -> dialler.connectedToAll(pair.peersOf(0), at).isPresent());
				long up = dialler.connectedToAll(pair.peersOf(0), at).getAsLong();
				long discovered = dialler.benchLines().stream().filter((l) -> l.startsWith("discovered "))
					.mapToLong((l) -> Long.parseLong(l.substring(11).trim())).findFirst().orElseThrow();
				return Clock.millis(up - discovered);
			}
		});
	}

	// A fresh JVM per run, with the sample processes' flags, running FirstDial.
	private Stats clusterBootFirst(boolean warm) {
		return Runs.repeat(this.runs, "ClusterBoot bare first handshake" + (warm ? " after the warm-up" : ""), (run) -> {
			List<String> command = new ArrayList<>(List.of(this.env.java()));
			command.addAll(Env.JVM_FLAGS);
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), FirstDial.class.getName(), "127.0.3.5",
					Integer.toString(PORT + 1), Boolean.toString(warm)));
			try (NodeProcess process = NodeProcess.start("first-dial", command, Map.of(),
					this.env.logs().resolve("first-dial-" + run + ".log"), Pattern.compile("^\\[bench\\] first "))) {
				process.awaitReady(60);
				return Clock.millis(Long.parseLong(firstLine(process).split(" ")[1]));
			}
		});
	}

	private static String firstLine(NodeProcess process) {
		process.await("the first dial", 60, () -> process.benchLines().stream().anyMatch((l) -> l.startsWith("first ")));
		return process.benchLines().stream().filter((l) -> l.startsWith("first ")).findFirst().orElseThrow();
	}

	// A fresh pair of nodes per run; the first net_kernel:connect_node/1 between them.
	private Stats erlangFirst() {
		return Runs.repeat(this.runs, "Erlang first handshake", (run) -> {
			try (ErlangCluster pair = new ErlangCluster(this.env, this.epmd, "first" + run, 2, 1, null)) {
				pair.start();
				NodeProcess dialler = pair.node(0);
				dialler.send("handshake " + pair.name(1) + " 0 1");
				dialler.await("the first handshake", 60, () -> dialler.benchLines().contains("handshake done"));
				String line = dialler.benchLines().stream().filter((l) -> l.matches("handshake [0-9]+")).findFirst()
					.orElseThrow();
				return Clock.millis(Long.parseLong(line.substring(10)));
			}
		});
	}

	private Stats clusterBootRate() {
		LongAdder accepted = new LongAdder();
		LongAdder failures = new LongAdder();
		List<Transport> diallers = new ArrayList<>();
		List<DialLoop> loops = new ArrayList<>();
		PeerAddress address = new PeerAddress("127.0.3.1", PORT);
		try (Transport listener = listener(new Events(new Semaphore(0), accepted, true))) {
			for (int i = 0; i < DIALLERS; i++) {
				DialLoop loop = new DialLoop(address, failures);
				Transport dialler = dialler("127.0.3." + (10 + i), loop);
				loop.transport = dialler;
				diallers.add(dialler);
				loops.add(loop);
			}
			rate(loops, accepted, failures); // warm-up, twice: the rate still climbs while C2 compiles
			rate(loops, accepted, failures);
			return Runs.repeat(this.runs, "ClusterBoot accept rate", (run) -> rate(loops, accepted, failures));
		}
		finally {
			diallers.forEach(Transport::close);
		}
	}

	private static double rate(List<DialLoop> loops, LongAdder accepted, LongAdder failures) {
		long failedBefore = failures.sum();
		loops.forEach(DialLoop::begin);
		long before = accepted.sum();
		long start = System.nanoTime();
		Clock.sleep(RATE_MILLIS);
		long count = accepted.sum() - before;
		long elapsed = System.nanoTime() - start;
		loops.forEach(DialLoop::end);
		if (failures.sum() > failedBefore) {
			System.out.println("    (" + (failures.sum() - failedBefore) + " dials failed)");
		}
		return count / (elapsed / 1e9);
	}

	/**
	 * One dialler's loop: dial; the listener closes each connection as soon as it is authenticated, and
	 * the close starts the next dial. The listener closes first so that TIME_WAIT stays on its side: were
	 * it the diallers', each of them would run out of ports within a few seconds at this rate.
	 */
	private static final class DialLoop implements ConnectionListener {

		private final PeerAddress address;

		private final LongAdder failures;

		private final Semaphore stopped = new Semaphore(0);

		private volatile boolean running;

		private volatile Transport transport;

		DialLoop(PeerAddress address, LongAdder failures) {
			this.address = address;
			this.failures = failures;
		}

		void begin() {
			this.running = true;
			next();
		}

		void end() {
			this.running = false;
			this.stopped.acquireUninterruptibly();
		}

		private void next() {
			if (!this.running) {
				this.stopped.release();
				return;
			}
			this.transport.dial(this.address, NetUtil.createInetAddressFromIpAddressString(this.address.host())).whenComplete((connection, failure) -> {
				if (failure != null) {
					this.failures.increment();
					next();
				}
			});
		}

		@Override
		public void connected(PeerConnection connection) {
		}

		@Override
		public void closed(PeerConnection connection, Reason reason) {
			next();
		}

		@Override
		public void members(PeerConnection connection, Message.Members members) {
		}

	}

	private Transport listener(Semaphore closed) {
		return listener(new Events(closed, new LongAdder(), false));
	}

	private static Transport listener(Events events) {
		return listener(events, null);
	}

	private static Transport listener(Events events, TransportTls tls) {
		Transport transport = new Transport(settings("127.0.3.1", PORT, 2).withTls(tls), events,
				(peer, incarnation) -> null);
		try {
			transport.bind();
		}
		catch (BindException ex) {
			throw new IllegalStateException(ex);
		}
		transport.identity(new LocalIdentity(new NodeName("listener", "127.0.3.1"), 1, PORT, Cookies.of(COOKIE)));
		return transport;
	}

	private static Transport dialler(String host) {
		return dialler(host, new Events(new Semaphore(0), new LongAdder(), false));
	}

	private static Transport dialler(String host, ConnectionListener events) {
		return dialler(host, events, null);
	}

	private static Transport dialler(String host, ConnectionListener events, TransportTls tls) {
		Transport transport = new Transport(settings(host, PORT, 1).withTls(tls), events, (peer, incarnation) -> null);
		transport.identity(new LocalIdentity(new NodeName("dialler", host), 2, PORT, Cookies.of(COOKIE)));
		return transport;
	}

	// The defaults of cluster.* (1 MiB frames, 5 s handshake, 1 s/5 s heartbeat, 64 pending handshakes).
	private static TransportSettings settings(String host, int port, int ioThreads) {
		return new TransportSettings(host, port, port, 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1),
				Duration.ofSeconds(5), 64, 8, ioThreads);
	}

	private Stats erlangLatency() {
		return erlangLatency(null);
	}

	private Stats erlangLatency(java.nio.file.Path tlsOptions) {
		try (ErlangCluster pair = new ErlangCluster(this.env, this.epmd, (tlsOptions != null) ? "handshake-tls" : "handshake",
				2, 1, null).withTls(tlsOptions)) {
			pair.start();
			NodeProcess dialler = pair.node(0);
			dialler.send("handshake " + pair.name(1) + " " + WARMUP + " " + (this.runs * DIALS_PER_RUN));
			dialler.await("handshakes", 120, () -> dialler.benchLines().contains("handshake done"));
			List<Double> all = new ArrayList<>();
			for (String line : dialler.benchLines()) {
				if (line.startsWith("handshake ") && !line.equals("handshake done")) {
					all.add(Clock.millis(Long.parseLong(line.substring(10))));
				}
			}
			List<Double> medians = new ArrayList<>();
			for (int run = 0; run < this.runs; run++) {
				Stats stats = Stats.of(all.subList(run * DIALS_PER_RUN, (run + 1) * DIALS_PER_RUN));
				System.out.println("    Erlang " + ((tlsOptions != null) ? "TLS " : "") + "handshake run " + (run + 1) + "/" + this.runs + ": "
						+ Stats.number(stats.median()));
				medians.add(stats.median());
			}
			return Stats.of(medians);
		}
	}

	private Stats erlangRate() {
		try (ErlangCluster nodes = new ErlangCluster(this.env, this.epmd, "accept", DIALLERS + 1, 1, null)) {
			nodes.start();
			erlangRateRun(nodes, 0); // warm-up
			return Runs.repeat(this.runs, "Erlang accept rate", (run) -> erlangRateRun(nodes, run + 1));
		}
	}

	private static double erlangRateRun(ErlangCluster nodes, int round) {
		String listener = nodes.name(0);
		for (int i = 1; i < nodes.size(); i++) {
			nodes.node(i).send("dial " + listener + " " + RATE_MILLIS);
		}
		long total = 0;
		for (int i = 1; i < nodes.size(); i++) {
			NodeProcess dialler = nodes.node(i);
			dialler.await("dial count", 60, () -> dials(dialler).size() > round);
			total += dials(dialler).get(round);
		}
		return total / (RATE_MILLIS / 1000.0);
	}

	private static List<Long> dials(NodeProcess node) {
		List<Long> counts = new ArrayList<>();
		for (String line : node.benchLines()) {
			if (line.startsWith("dials ")) {
				counts.add(Long.parseLong(line.substring(6)));
			}
		}
		return counts;
	}

	/** Counts accepted connections and signals closes. */
	private static final class Events implements ConnectionListener {

		private final Semaphore closed;

		private final LongAdder accepted;

		private final boolean closeAtOnce;

		Events(Semaphore closed, LongAdder accepted, boolean closeAtOnce) {
			this.closed = closed;
			this.accepted = accepted;
			this.closeAtOnce = closeAtOnce;
		}

		@Override
		public void connected(PeerConnection connection) {
			if (!connection.outbound()) {
				this.accepted.increment();
				if (this.closeAtOnce) {
					// From another thread, so that the close is queued behind the ACCEPT this I/O thread
					// is about to write.
					ForkJoinPool.commonPool().execute(() -> connection.close(Reason.SHUTDOWN));
				}
			}
		}

		@Override
		public void closed(PeerConnection connection, Reason reason) {
			if (!connection.outbound()) {
				this.closed.release();
			}
		}

		@Override
		public void members(PeerConnection connection, Message.Members members) {
		}

	}

}
