package io.clusterboot.bench;

import java.util.List;

/**
 * Figure 8: N=50. Erlang as 50 processes (every run), ClusterBoot as 50 nodes in one warm JVM (every
 * run) and as 50 sample-app processes (one run: 50 JVMs take about two minutes to start on 2 cores),
 * whose idle cost per node is then read as in figure 5, beside the last Erlang cluster's.
 */
final class ScaleFigure {

	static final int N = 50;

	private final Env env;

	private final Epmd epmd;

	private final int runs;

	ScaleFigure(Env env, Epmd epmd, int runs) {
		this.env = env;
		this.epmd = epmd;
		this.runs = runs;
	}

	void run(Results results) {
		System.out.println("Figure 8: N=" + N);
		IdleFigure.Sample[] erlangIdle = new IdleFigure.Sample[1];
		Row.Result erl = Results.attempt(() -> Runs.repeat(this.runs, "Erlang N=" + N, (run) -> {
			try (ErlangCluster cluster = new ErlangCluster(this.env, this.epmd, "scale" + N, N, 1, null)) {
				cluster.start();
				long at = cluster.release();
				double millis = cluster.awaitMesh(at, 180);
				if (run == this.runs - 1) {
					erlangIdle[0] = IdleFigure.measure(cluster.nodes());
				}
				return millis;
			}
		}), "Erlang N=" + N);
		IdleFigure.Sample[] clusterBootIdle = new IdleFigure.Sample[1];
		Row.Result cb = Results.attempt(() -> Runs.repeat(1, "ClusterBoot N=" + N, (run) -> {
			try (SampleCluster cluster = new SampleCluster(this.env, "scale" + N, N, 1, List.of())) {
				cluster.start();
				long at = cluster.release();
				double millis = cluster.awaitMesh(at, 300);
				clusterBootIdle[0] = IdleFigure.measure(cluster.nodes());
				return millis;
			}
		}), "ClusterBoot N=" + N);
		results.add(new Row("8", "Full-mesh convergence, N=" + N + " processes (ms; ClusterBoot: one run)", cb, erl, "", ""));
		Row.Result warm = Results.attempt(() -> InJvmConvergence.measure(N, this.runs), "in-JVM convergence N=" + N);
		results.add(new Row("8", "… N=" + N + " ClusterBoot nodes in one warm JVM (ms; Erlang: its process figure above)",
				warm, erl, "", ""));
		IdleFigure.Sample c = clusterBootIdle[0];
		IdleFigure.Sample e = erlangIdle[0];
		if (c == null) {
			results.add(new Row("8", "Idle cost, N=" + N, Row.Result.note("not measured: the ClusterBoot cluster failed"),
					null, "", ""));
			return;
		}
		results.add(new Row("8", "Idle CPU per node, N=" + N + " (% of one core)", of(c.cpuPercent()),
				(e != null) ? of(e.cpuPercent()) : null, "", ""));
		results.add(new Row("8", "RSS per node, N=" + N + " (MiB)", of(c.rssMiB()), (e != null) ? of(e.rssMiB()) : null, "",
				""));
		results.add(new Row("8", "Threads per node, N=" + N + " (whole JVM / beam)", of(c.threads()),
				(e != null) ? of(e.threads()) : null, "", ""));
		results.add(new Row("8", "cluster-* threads per node, N=" + N, of(c.clusterThreads()), null, "", ""));
	}

	private static Row.Result of(List<Double> samples) {
		return Row.Result.of(Stats.of(samples));
	}

}
