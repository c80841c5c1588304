package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Figure 1: full-mesh convergence. Every node is started and ready (listening, discovery listing
 * everyone but held by the gate); the harness then releases all of them at one wall-clock instant T,
 * at which each begins dialling all its peers in parallel. The figure is the time from T until the
 * last node has seen its N-1th peer come up (its own node-up events, replayed in order). Both sides
 * are separate OS processes, one per node, on 127.0.1.x (ClusterBoot) and 127.0.2.x (Erlang).
 */
final class ConvergenceFigure {

	static final int[] SIZES = java.util.Arrays.stream(System.getProperty("bench.sizes", "3,10,20").split(","))
		.mapToInt(Integer::parseInt)
		.toArray();

	private static final String SAMPLE_MAIN = "io.clusterboot.sample.SampleApplication";

	private final Env env;

	private final Epmd epmd;

	private final int runs;

	private final java.util.Map<Integer, Row.Result> erlang = new java.util.HashMap<>();

	// Per cluster class and size: the cores the nodes kept busy together from release to full mesh.
	private final java.util.Map<String, List<Double>> cpu = new java.util.HashMap<>();

	// Per cluster label (converge10, converge-cds10, …), over all its runs: the CPU ticks from release to full mesh per kind of thread.
	private final java.util.Map<String, java.util.Map<String, Long>> threadTicks = new java.util.HashMap<>();

	ConvergenceFigure(Env env, Epmd epmd, int runs) {
		this.env = env;
		this.epmd = epmd;
		this.runs = runs;
	}

	/**
	 * @param idleAtMax given the last ClusterBoot and the last Erlang cluster of the largest size while
	 * they are still running, so that figure 5 needs no 20 more processes
	 */
	void run(Results results, Consumer<NodeCluster> idleAtMax) {
		for (int n : SIZES) {
			boolean largest = n == SIZES[SIZES.length - 1];
			System.out.println("Figure 1: convergence, N=" + n);
			Row.Result cb = Results.attempt(() -> Runs.repeat(this.runs, "ClusterBoot N=" + n,
					(run) -> measure(() -> new SampleCluster(this.env, "converge" + n, n, 1, List.of()),
							largest && run == this.runs - 1, idleAtMax)), "ClusterBoot convergence");
			Row.Result erl = Results.attempt(() -> Runs.repeat(this.runs, "Erlang N=" + n,
					(run) -> measure(() -> new ErlangCluster(this.env, this.epmd, "converge" + n, n, 1, null),
							largest && run == this.runs - 1, idleAtMax)), "Erlang convergence");
			this.erlang.put(n, erl);
			boolean goal = n == 10;
			String verdict = "";
			if (goal && cb.stats() != null && erl.stats() != null) {
				verdict = Results.verdict(cb.stats().median() <= 4 * erl.stats().median());
			}
			// The cold-path goal of the performance issue: fresh JVMs meeting each other, as in a rollout.
			results.add(new Row("1", "Full-mesh convergence, N=" + n + " processes (ms)", cb, erl,
					goal ? "≤ 4× Erlang" : "", verdict));
			List<Double> cbCpu = this.cpu.get(SampleCluster.class.getSimpleName() + n);
			List<Double> erlCpu = this.cpu.get(ErlangCluster.class.getSimpleName() + n);
			if (cbCpu != null) {
				// /proc counts CPU in 10 ms ticks per process: over Erlang's sub-second meshes the rounding
				// of N processes swamps the figure, so it is given only for windows of a second or more.
				boolean erlangLongEnough = erlCpu != null && erl.stats() != null && erl.stats().min() >= 1000;
				results.note("Convergence N=" + n + ": from release to full mesh the ClusterBoot nodes together kept "
						+ Stats.of(cbCpu).format() + " cores busy, of the machine's 2"
						+ (erlangLongEnough ? "; the Erlang nodes " + Stats.of(erlCpu).format() : "") + ".");
				java.util.Map<String, Long> kinds = this.threadTicks.get("converge" + n);
				// /proc counts each thread's CPU in 10 ms ticks: a split of fewer than 100 says nothing.
				if (kinds != null && kinds.values().stream().mapToLong(Long::longValue).sum() >= 100) {
					results.note("Convergence N=" + n + ": where the ClusterBoot nodes' CPU went from release to full mesh, "
							+ "by thread (all runs, /proc per thread): " + shares(kinds) + ".");
				}
			}
		}
		if (java.util.Arrays.stream(SIZES).anyMatch((n) -> n == 10)) {
			System.out.println("Figure 1: convergence, N=10 with a class data sharing archive");
			results.add(new Row("1", "… diagnostic: N=10 processes started with a CDS archive of the app (ms; Java 17, "
					+ "README \"Faster start-up\")", Results.attempt(() -> withClassDataSharing(10), "CDS convergence"),
					this.erlang.get(10), "", ""));
			java.util.Map<String, Long> kinds = this.threadTicks.get("converge-cds10");
			if (kinds != null && kinds.values().stream().mapToLong(Long::longValue).sum() >= 100) {
				results.note("Convergence N=10 with a CDS archive: where the CPU went, by thread: " + shares(kinds) + ".");
			}
		}
		for (int n : SIZES) {
			if (n < 10) {
				continue;
			}
			System.out.println("Figure 1: convergence, N=" + n + " in one warm JVM");
			Row.Result warm = Results.attempt(() -> InJvmConvergence.measure(n, this.runs), "in-JVM convergence");
			results.add(new Row("1", "… diagnostic: N=" + n + " ClusterBoot nodes in one warm JVM (ms; Erlang: its "
					+ "process figure above)", warm, this.erlang.get(n), "", ""));
		}
	}

	// "C1 CompilerThread 41 %, cluster-io 22 %, …": the kinds with at least 2 % of the ticks, largest first.
	private static String shares(java.util.Map<String, Long> ticks) {
		long total = ticks.values().stream().mapToLong(Long::longValue).sum();
		if (total <= 0) {
			return "no ticks";
		}
		List<String> parts = new ArrayList<>();
		ticks.entrySet()
			.stream()
			.sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
			.filter((e) -> e.getValue() * 50 >= total)
			.forEach((e) -> parts.add(e.getKey() + " " + Math.round(e.getValue() * 100.0 / total) + " %"));
		return String.join(", ", parts) + " (of " + total + " ticks of 10 ms)";
	}

	// The sample app extracted, one gated node started and stopped to write the archive
	// (-XX:ArchiveClassesAtExit), then the same measurement with every node using it. The class path is
	// the extracted app and this module's jar, as PropertiesLauncher's loader.path gives the others.
	private Stats withClassDataSharing(int n) {
		java.nio.file.Path work = this.env.logs().resolve("cds-converge");
		java.nio.file.Path jar = ClassDataSharingFigure.extract(this.env, work);
		String classPath = jar + java.io.File.pathSeparator + this.env.benchJar();
		java.nio.file.Path archive = work.resolve("app.jsa");
		try (SampleCluster training = new SampleCluster(this.env, "cds-training", 1, 150, List.of(),
				List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", classPath, SAMPLE_MAIN))) {
			training.start();
		}
		if (!java.nio.file.Files.exists(archive)) {
			throw new IllegalStateException("The training run wrote no " + archive);
		}
		List<String> launcher = List.of("-XX:SharedArchiveFile=" + archive, "-cp", classPath, SAMPLE_MAIN);
		return Runs.repeat(this.runs, "ClusterBoot N=" + n + " with CDS", (run) -> measure(
				() -> new SampleCluster(this.env, "converge-cds" + n, n, 1, List.of(), launcher), false, (c) -> {
				}));
	}

	private double measure(Supplier<NodeCluster> clusters, boolean keep, Consumer<NodeCluster> idle) {
		try {
			return measure(clusters.get(), keep, idle);
		}
		catch (ProcessExitedException ex) {
			// Seen once on the shared machine: a node got SIGTERM from outside while starting. One retry.
			System.out.println("    retrying the run: " + ex.getMessage());
			return measure(clusters.get(), keep, idle);
		}
	}

	private double measure(NodeCluster cluster, boolean keep, Consumer<NodeCluster> idle) {
		try (cluster) {
			cluster.start();
			double cpuBefore = cluster.cpuSeconds();
			String label = (cluster instanceof SampleCluster sample) ? sample.label() : null;
			java.util.Map<String, Proc.ThreadTicks> threadsBefore = (label != null) ? cluster.cpuTicksByThread() : null;
			long at = cluster.release();
			double millis = cluster.awaitMesh(at, 120);
			if (threadsBefore != null) {
				// Per thread, so that a thread that ended (a compiler thread, say) is not set against a new one.
				java.util.Map<String, Long> kinds = this.threadTicks.computeIfAbsent(label, (k) -> new java.util.TreeMap<>());
				cluster.cpuTicksByThread().forEach((thread, after) -> {
					Proc.ThreadTicks before = threadsBefore.get(thread);
					kinds.merge(after.kind(), after.ticks() - ((before != null) ? before.ticks() : 0), Long::sum);
				});
			}
			this.cpu.computeIfAbsent(cluster.getClass().getSimpleName() + cluster.size(), (k) -> new ArrayList<>())
				.add((cluster.cpuSeconds() - cpuBefore) / (millis / 1000));
			if (keep) {
				idle.accept(cluster);
			}
			return millis;
		}
	}

}
