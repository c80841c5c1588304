package io.clusterboot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmarks ({@code bench/run.sh [--long] [--runs N] [--only 1,2,…]}; {@code bench/run.sh profile-startup}
 * and {@code profile-convergence} run {@link StartupProfile} and {@link ConvergenceProfile} instead), prints one table and
 * writes bench/RESULTS.md. Every process it starts is stopped before it returns.
 */
public final class Bench {

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("profile-startup")) {
			StartupProfile.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("profile-convergence")) {
			ConvergenceProfile.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		boolean longRun = false;
		int runs = 5;
		Set<String> only = new HashSet<>(List.of("1", "2", "3", "4", "5", "6", "7", "8"));
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--long" -> longRun = true;
				case "--runs" -> runs = Integer.parseInt(args[++i]);
				case "--only" -> only = new HashSet<>(Arrays.asList(args[++i].split(",")));
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]
						+ " (expected --long, --runs N, --only 1,2,…)");
			}
		}
		if (only.contains("5")) {
			only.add("1"); // figure 5's N=20 sample is figure 1's last cluster
		}
		// Whatever happens to this JVM (Ctrl-C, a failed figure), no node process outlives it.
		Runtime.getRuntime().addShutdownHook(new Thread(
				() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly), "kill-children"));
		Path repo = Path.of("").toAbsolutePath();
		Env env = Env.locate(repo);
		Files.createDirectories(env.logs());
		Results results = new Results();
		List<String[]> machine = Machine.describe();
		try (Machine load = new Machine(); Epmd epmd = Epmd.start(env)) {
			System.out.println("Load: " + String.format("%.2f", Machine.loadAverage()) + "; logs in " + env.logs());
			IdleFigure idle = new IdleFigure(env, epmd);
			if (only.contains("1")) {
				new ConvergenceFigure(env, epmd, runs).run(results, idle::measureLargest);
			}
			if (only.contains("2")) {
				new HandshakeFigure(env, epmd, runs).run(results);
			}
			if (only.contains("3")) {
				new DetectionFigure(env, epmd, runs).run(results);
				if (longRun) {
					new FalsePositiveFigure(env).run(results);
				}
			}
			if (only.contains("4")) {
				new StartupFigure(env, runs).run(results);
				new ClassDataSharingFigure(env, runs).run(results);
			}
			if (only.contains("5")) {
				idle.run(results);
			}
			if (only.contains("6")) {
				new DiscoveryFigure(env, runs).run(results);
			}
			if (only.contains("7")) {
				new MessagingFigure(env, epmd, runs).run(results);
			}
			if (only.contains("8")) {
				new ScaleFigure(env, epmd, runs).run(results);
			}
			String command = "bench/run.sh" + (longRun ? " --long" : "") + ((runs != 5) ? " --runs " + runs : "")
					+ ((only.size() < 8) ? " --only " + String.join(",", only) : "");
			Report.print(results);
			System.out.println();
			System.out.println(load.loadSummary());
			Path out = repo.resolve(System.getProperty("bench.results", "bench/RESULTS.md"));
			Report.write(out, results, machine, load.loadSummary(), command, longRun, repo.resolve("bench/findings.md"));
			System.out.println("Wrote " + repo.relativize(out));
		}
	}

}
