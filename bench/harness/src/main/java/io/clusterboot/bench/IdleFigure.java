package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Figure 5: the idle cost of a node in a full mesh, read from /proc: CPU % over a 30 s window after
 * 10 s of settling (utime + stime), resident memory (VmRSS) and threads at the end of the window;
 * for ClusterBoot also the threads named {@code cluster-*} (I/O, membership, discovery). Each sample
 * is one node. N=20 reuses the last convergence cluster of figure 1; N=2 is started for it, so the
 * thread counts show whether anything grows with the number of peers.
 */
final class IdleFigure {

	/** A fifth of the per-peer idle cost of the full run of 2026-12-04: (1.000 − 0.367) % / 18 = 0.0352 %. */
	static final double PER_PEER_GOAL = 0.0352 / 5;

	static final long SETTLE_MILLIS = 10_000;

	static final long WINDOW_MILLIS = 30_000;

	private final Env env;

	private final Epmd epmd;

	private Sample clusterBoot20;

	private Sample erlang20;

	IdleFigure(Env env, Epmd epmd) {
		this.env = env;
		this.epmd = epmd;
	}

	/** Per-node samples of one cluster. */
	record Sample(List<Double> cpuPercent, List<Double> rssMiB, List<Double> threads, List<Double> clusterThreads) {
	}

	/** Called by figure 1 with its last N=20 clusters while they run. */
	void measureLargest(NodeCluster cluster) {
		System.out.println("Figure 5: idle cost of " + cluster.getClass().getSimpleName() + " N=" + cluster.size());
		Sample sample = measure(cluster.nodes());
		if (cluster instanceof SampleCluster) {
			this.clusterBoot20 = sample;
		}
		else {
			this.erlang20 = sample;
		}
	}

	void run(Results results) {
		Sample cb2;
		Sample erl2;
		try (SampleCluster two = new SampleCluster(this.env, "idle2", 2, 1, List.of());
				ErlangCluster erlTwo = new ErlangCluster(this.env, this.epmd, "idle2", 2, 1, null)) {
			two.start();
			two.awaitMesh(two.release(), 60);
			erlTwo.start();
			erlTwo.awaitMesh(erlTwo.release(), 60);
			System.out.println("Figure 5: idle cost N=2");
			List<NodeProcess> both = new ArrayList<>(two.nodes());
			both.addAll(erlTwo.nodes());
			Sample all = measure(both);
			cb2 = slice(all, 0, 2);
			erl2 = slice(all, 2, 4);
		}
		catch (RuntimeException ex) {
			results.add(new Row("5", "Idle cost N=2", Row.Result.note("failed: " + ex.getMessage()), null, "", ""));
			return;
		}
		if (this.clusterBoot20 == null) {
			results.add(new Row("5", "Idle cost N=20", Row.Result.note("not measured: figure 1's N=20 cluster failed"),
					null, "", ""));
			return;
		}
		Sample cb20 = this.clusterBoot20;
		Sample erl20 = this.erlang20;
		results.add(new Row("5", "Idle CPU per node, N=20 (% of one core)", stats(cb20.cpuPercent()),
				(erl20 != null) ? stats(erl20.cpuPercent()) : null, "", ""));
		results.add(new Row("5", "Idle CPU per node, N=2 (% of one core)", stats(cb2.cpuPercent()), stats(erl2.cpuPercent()),
				"", ""));
		// The JVM's own idle cost cancels out: what one more idle link costs a node.
		double perPeer = (Stats.of(cb20.cpuPercent()).median() - Stats.of(cb2.cpuPercent()).median()) / 18;
		results.add(new Row("5", "Idle CPU per peer: (N=20 − N=2) / 18, 1 s / 5 s heartbeats (% of one core, medians)",
				Row.Result.note(String.format(java.util.Locale.ROOT, "%.4f", perPeer)), null,
				"≤ " + String.format(java.util.Locale.ROOT, "%.4f", PER_PEER_GOAL) + " (a fifth of 2026-12-04's)",
				Results.verdict(perPeer <= PER_PEER_GOAL)));
		results.add(new Row("5", "RSS per node, N=20 (MiB)", stats(cb20.rssMiB()),
				(erl20 != null) ? stats(erl20.rssMiB()) : null, "", ""));
		results.add(new Row("5", "RSS per node, N=2 (MiB)", stats(cb2.rssMiB()), stats(erl2.rssMiB()), "", ""));
		results.add(new Row("5", "Threads per node, N=2 (whole JVM / beam)", stats(cb2.threads()), stats(erl2.threads()),
				"", ""));
		results.add(new Row("5", "Threads per node, N=20 (whole JVM / beam)", stats(cb20.threads()),
				(erl20 != null) ? stats(erl20.threads()) : null, "", ""));
		Stats c2 = Stats.of(cb2.clusterThreads());
		Stats c20 = Stats.of(cb20.clusterThreads());
		results.add(new Row("5", "cluster-* threads per node, N=2 → N=20", Row.Result.note(c2.format() + " → " + c20.format()),
				null, "constant", Results.verdict(c2.max() == c20.min() && c2.min() == c20.max())));
	}

	private static Row.Result stats(List<Double> samples) {
		return Row.Result.of(Stats.of(samples));
	}

	private static Sample slice(Sample sample, int from, int to) {
		return new Sample(sample.cpuPercent().subList(from, to), sample.rssMiB().subList(from, to),
				sample.threads().subList(from, to), sample.clusterThreads().subList(from, to));
	}

	static Sample measure(List<NodeProcess> nodes) {
		Clock.sleep(SETTLE_MILLIS);
		long[] before = new long[nodes.size()];
		for (int i = 0; i < before.length; i++) {
			before[i] = Proc.cpuTicks(nodes.get(i).pid());
		}
		long start = System.nanoTime();
		Clock.sleep(WINDOW_MILLIS);
		double seconds = (System.nanoTime() - start) / 1e9;
		Sample sample = new Sample(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		for (int i = 0; i < before.length; i++) {
			long pid = nodes.get(i).pid();
			sample.cpuPercent().add((Proc.cpuTicks(pid) - before[i]) / Proc.TICKS_PER_SECOND / seconds * 100);
			sample.rssMiB().add(Proc.status(pid, "VmRSS") / 1024.0);
			sample.threads().add((double) Proc.status(pid, "Threads"));
			sample.clusterThreads().add((double) Proc.threadsNamed(pid, "cluster-"));
		}
		return sample;
	}

}
