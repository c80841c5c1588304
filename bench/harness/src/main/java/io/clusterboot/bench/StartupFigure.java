package io.clusterboot.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Figure 4: start-up overhead of the starter. The sample app's jar (static discovery, its own
 * address as the only peer, so it dials nobody) against the same app built without the starter
 * (bench/baseline-app: the same web stack and configuration), and, to tell the costs apart, without
 * the starter but with actuator, which the starter brings (bench/baseline-actuator-app). One at a
 * time, in rotating order within each round, with the same JVM flags; the figure is Spring Boot's own
 * "process running for" (JVM start until the application is ready, which includes starting the
 * cluster node). The overhead is computed per round, so both apps of a ratio ran under the same load.
 */
final class StartupFigure {

	private static final String HOST = "127.0.1.200";

	private final Env env;

	private final int runs;

	StartupFigure(Env env, int runs) {
		this.env = env;
		this.runs = runs;
	}

	void run(Results results) {
		System.out.println("Figure 4: start-up");
		List<Double> sample = new ArrayList<>();
		List<Double> baseline = new ArrayList<>();
		List<Double> actuator = new ArrayList<>();
		List<Double> overhead = new ArrayList<>();
		List<Double> overActuator = new ArrayList<>();
		try {
			start(this.env.baselineJar(), List.of(), "warmup"); // the first JVM start of a run pays for the page cache
			for (int round = 0; round < this.runs; round++) {
				double[] seconds = new double[3];
				for (int k = 0; k < 3; k++) {
					int variant = (round + k) % 3;
					seconds[variant] = switch (variant) {
						case 0 -> start(this.env.sampleJar(), sampleArgs(), "sample");
						case 1 -> start(this.env.baselineJar(), List.of(), "baseline");
						default -> start(this.env.baselineActuatorJar(), List.of(), "baseline-actuator");
					};
				}
				System.out.printf("    round %d/%d: sample %.3f s, without starter %.3f s, without starter + actuator %.3f s%n",
						round + 1, this.runs, seconds[0], seconds[1], seconds[2]);
				sample.add(seconds[0] * 1000);
				baseline.add(seconds[1] * 1000);
				actuator.add(seconds[2] * 1000);
				overhead.add((seconds[0] / seconds[1] - 1) * 100);
				overActuator.add((seconds[0] / seconds[2] - 1) * 100);
			}
		}
		catch (RuntimeException ex) {
			results.add(new Row("4", "Start-up", Row.Result.note("failed: " + ex.getMessage()), null, "", ""));
			return;
		}
		results.add(new Row("4", "Start-up, sample app with the starter (ms)", Row.Result.of(Stats.of(sample)), null, "", ""));
		results.add(new Row("4", "Start-up, same app without the starter (ms)", Row.Result.of(Stats.of(baseline)), null,
				"", ""));
		results.add(new Row("4", "Start-up, without the starter but with actuator (ms)", Row.Result.of(Stats.of(actuator)),
				null, "", ""));
		Stats over = Stats.of(overhead);
		results.add(new Row("4", "Start-up overhead of the starter (%, per round)", Row.Result.of(over), null, "< 10 %",
				Results.verdict(over.median() < 10)));
		results.add(new Row("4", "… of which not actuator: with starter vs without starter + actuator (%)",
				Row.Result.of(Stats.of(overActuator)), null, "", ""));
	}

	private List<String> sampleArgs() {
		return List.of("--spring.profiles.active=static", "--cluster.node.host=" + HOST,
				"--cluster.transport.port=" + SampleCluster.PORT,
				"--cluster.discovery.static.peers=" + HOST + ":" + SampleCluster.PORT);
	}

	private double start(Path jar, List<String> args, String label) {
		List<String> command = new ArrayList<>();
		command.add(this.env.java());
		command.addAll(Env.JVM_FLAGS);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=0", "--server.address=" + HOST));
		command.addAll(args);
		NodeProcess process = NodeProcess.start(label, command, Map.of("CLUSTER_COOKIE", SampleCluster.COOKIE),
				this.env.logs().resolve("startup-" + label + ".log"), SampleCluster.STARTED);
		try {
			Matcher started = process.awaitReady(120);
			return Double.parseDouble(started.group(1));
		}
		finally {
			process.close();
		}
	}

}
