package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Figure 3: failure detection in a full mesh of 5 processes. One node is killed ({@code kill -9}: its
 * sockets close) or frozen ({@code kill -STOP}: its sockets stay open and only the heartbeat can
 * tell); the figure is the time from just before the signal until the last of the other 4 nodes
 * reported it down (its node-down event, or Erlang's {@code nodedown}). After each sample the victim
 * is replaced by a fresh process and the mesh is re-formed, so every sample starts from a full mesh.
 * <p>
 * Erlang's hung-node samples take up to 75 s each at its default {@code net_ticktime}, so they are
 * taken in 5 separate clusters at once (one victim each) instead of one after another.
 */
final class DetectionFigure {

	static final int SIZE = 5;

	static final List<String> FAST = List.of("--cluster.heartbeat.interval=500ms", "--cluster.heartbeat.timeout=2s");

	private final Env env;

	private final Epmd epmd;

	private final int runs;

	// Per cluster class, how long after each SIGKILL the kernel had closed the victim's sockets.
	private final java.util.Map<String, List<Double>> kernelClose = new java.util.HashMap<>();

	// ClusterBoot's crash samples, per survivor: SIGKILL until its membership thread took the close in,
	// and from then until its listener printed the node-down line.
	private final List<Double> closeTakenIn = new ArrayList<>();

	private final List<Double> closeReported = new ArrayList<>();

	DetectionFigure(Env env, Epmd epmd, int runs) {
		this.env = env;
		this.epmd = epmd;
		this.runs = runs;
	}

	void run(Results results) {
		System.out.println("Figure 3: failure detection");
		Row.Result cbKill = Results.attempt(() -> sequential("ClusterBoot kill -9", "KILL", 30,
				new SampleCluster(this.env, "kill9", SIZE, 1, List.of())), "ClusterBoot kill -9");
		Row.Result erlKill = Results.attempt(() -> sequential("Erlang kill -9", "KILL", 30,
				new ErlangCluster(this.env, this.epmd, "kill9", SIZE, 1, null)), "Erlang kill -9");
		results.add(new Row("3", "Crash (kill -9) → down on every peer (ms)", cbKill, erlKill, "< 100 ms",
				verdict(cbKill, 100)));
		List<Double> cbClose = this.kernelClose.get(SampleCluster.class.getSimpleName());
		List<Double> erlClose = this.kernelClose.get(ErlangCluster.class.getSimpleName());
		if (cbClose != null && erlClose != null) {
			if (cbKill.stats() != null) {
				// Our own part of crash detection: what is left once the kernel has closed the sockets.
				double own = cbKill.stats().median() - Stats.of(cbClose).median();
				results.add(new Row("3", "… ClusterBoot's own part: the crash figure minus the kernel's close of the "
						+ "killed JVM's sockets (ms, medians)", Row.Result.note(Stats.number(own)), null, "< 2 ms",
						Results.verdict(own < 2)));
			}
			if (!this.closeTakenIn.isEmpty()) {
				results.note("kill -9, where ClusterBoot's part goes (per survivor, " + this.closeTakenIn.size()
						+ " samples): its membership thread took the close in " + Stats.of(this.closeTakenIn).format()
						+ " ms after SIGKILL (the kernel's close, Netty's wake-up and the hand-off to that thread), and "
						+ "its listener printed the node-down line " + Stats.of(this.closeReported).format()
						+ " ms after that (the node-down log line, the hand-off to the event thread and the Spring "
						+ "event published before the listener runs).");
			}
			results.note("kill -9: the kernel had closed the killed process's sockets " + Stats.of(cbClose).format()
					+ " ms after SIGKILL for a sample-app JVM and " + Stats.of(erlClose).format() + " ms for an Erlang "
					+ "node (seen by a plain TCP connection to its listener); the rest of the crash figure is the "
					+ "surviving nodes noticing the close and reporting it.");
		}

		Row.Result cbStop = Results.attempt(() -> sequential("ClusterBoot kill -STOP 1s/5s", "STOP", 60,
				new SampleCluster(this.env, "stop", SIZE, 1, List.of())), "ClusterBoot kill -STOP");
		Row.Result erlStop = Results.attempt(() -> parallel("Erlang kill -STOP net_ticktime 60", "STOP", 150,
				(c) -> new ErlangCluster(this.env, this.epmd, "stop60c" + c, SIZE, 1 + c * SIZE, null)),
				"Erlang kill -STOP");
		results.add(new Row("3", "Hung node (kill -STOP) → down on every peer, defaults: ClusterBoot 1 s/5 s, "
				+ "Erlang net_ticktime 60 (ms)", cbStop, erlStop, "≤ 6000 ms (5 s + 1 s)", verdict(cbStop, 6000)));
		Row.Result erlStop5 = Results.attempt(() -> parallel("Erlang kill -STOP net_ticktime 5", "STOP", 30,
				(c) -> new ErlangCluster(this.env, this.epmd, "stop5c" + c, SIZE, 1 + c * SIZE, 5)),
				"Erlang kill -STOP net_ticktime 5");
		results.add(new Row("3", "Hung node, ClusterBoot 1 s/5 s vs Erlang net_ticktime 5 (ms)", cbStop, erlStop5,
				"≤ 6000 ms", verdict(cbStop, 6000)));

		Row.Result cbFast = Results.attempt(() -> sequential("ClusterBoot kill -STOP 500ms/2s", "STOP", 60,
				new SampleCluster(this.env, "stopfast", SIZE, 1, FAST)), "ClusterBoot kill -STOP 500ms/2s");
		Row.Result erlFast = Results.attempt(() -> parallel("Erlang kill -STOP net_ticktime 2", "STOP", 30,
				(c) -> new ErlangCluster(this.env, this.epmd, "stop2c" + c, SIZE, 1 + c * SIZE, 2)),
				"Erlang kill -STOP net_ticktime 2");
		results.add(new Row("3", "Hung node, ClusterBoot 500 ms/2 s vs Erlang net_ticktime 2 (ms)", cbFast, erlFast,
				"≤ 2500 ms (2 s + 500 ms)", verdict(cbFast, 2500)));
	}

	private static String verdict(Row.Result result, double limit) {
		return (result.stats() != null) ? Results.verdict(result.stats().max() <= limit) + " (max)" : "";
	}

	/** One cluster; each run hits another node, which is then replaced. */
	private Stats sequential(String what, String signal, long timeoutSeconds, NodeCluster cluster) {
		try (cluster) {
			cluster.start();
			cluster.awaitMesh(cluster.release(), 120);
			return Runs.repeat(this.runs, what, (run) -> {
				int victim = run % cluster.size();
				cluster.awaitQuiet(); // the node replaced in the run before may still be warming up
				double millis = hit(cluster, victim, signal, timeoutSeconds);
				cluster.restart(victim);
				return millis;
			});
		}
	}

	/** {@code runs} clusters at once, one victim each, all hit at about the same time. */
	private Stats parallel(String what, String signal, long timeoutSeconds, IntFunction<NodeCluster> clusters) {
		List<NodeCluster> started = new ArrayList<>();
		try {
			for (int c = 0; c < this.runs; c++) {
				started.add(clusters.apply(c));
			}
			started.forEach(NodeCluster::start);
			for (NodeCluster cluster : started) {
				cluster.awaitMesh(cluster.release(), 120);
			}
			long[] from = new long[started.size()];
			for (int c = 0; c < from.length; c++) {
				from[c] = signal(started.get(c).node(0), signal);
			}
			List<Double> samples = new ArrayList<>();
			for (int c = 0; c < from.length; c++) {
				double millis = started.get(c).awaitDown(0, from[c], timeoutSeconds);
				System.out.println("    " + what + " cluster " + (c + 1) + "/" + from.length + ": " + Stats.number(millis));
				samples.add(millis);
			}
			return Stats.of(samples);
		}
		finally {
			started.forEach(NodeCluster::close);
		}
	}

	private double hit(NodeCluster cluster, int victim, String signal, long timeoutSeconds) {
		if (!signal.equals("KILL")) {
			long from = signal(cluster.node(victim), signal);
			return cluster.awaitDown(victim, from, timeoutSeconds);
		}
		try (CloseWatch watch = cluster.closeWatch(victim)) {
			long from = signal(cluster.node(victim), signal);
			double millis = cluster.awaitDown(victim, from, timeoutSeconds);
			for (int i = 0; i < cluster.size(); i++) {
				Event down = (i != victim) ? cluster.node(i).downEventAfter(cluster.name(victim), from) : null;
				if (down != null && down.detectedNanos() > 0) {
					this.closeTakenIn.add(Clock.millis(down.detectedNanos() - from));
					this.closeReported.add(Clock.millis(down.epochNanos() - down.detectedNanos()));
				}
			}
			this.kernelClose.computeIfAbsent(cluster.getClass().getSimpleName(), (k) -> new ArrayList<>())
				.add(watch.millisAfter(from));
			return millis;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static long signal(NodeProcess node, String signal) {
		return signal.equals("KILL") ? node.kill9() : node.signal(signal);
	}

}
