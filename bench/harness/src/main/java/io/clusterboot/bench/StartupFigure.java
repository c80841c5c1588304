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
 * Resident memory (VmRSS) is read 2 s after each start is ready; the starter's share is the sample
 * app's against the app with actuator and without the starter, per round.
 */
final class StartupFigure {

	private static final String HOST = "127.0.1.200";

	private final Env env;

	private final int runs;

	StartupFigure(Env env, int runs) {
		this.env = env;
		this.runs = runs;
	}

	/** The floor: with fewer rounds the noise of a shared 2-core machine does not show. */
	static final int MIN_ROUNDS = 9;

	void run(Results results) {
		System.out.println("Figure 4: start-up and memory");
		int rounds = Math.max(this.runs, MIN_ROUNDS);
		List<Double> sample = new ArrayList<>();
		List<Double> baseline = new ArrayList<>();
		List<Double> actuator = new ArrayList<>();
		List<Double> overhead = new ArrayList<>();
		List<Double> overActuator = new ArrayList<>();
		List<Double> sampleRss = new ArrayList<>();
		List<Double> actuatorRss = new ArrayList<>();
		List<Double> addedRss = new ArrayList<>();
		try {
			start(this.env.baselineJar(), List.of(), "warmup"); // the first JVM start of a run pays for the page cache
			for (int round = 0; round < rounds; round++) {
				Started[] started = new Started[3];
				for (int k = 0; k < 3; k++) {
					int variant = (round + k) % 3;
					started[variant] = switch (variant) {
						case 0 -> start(this.env.sampleJar(), sampleArgs(), "sample");
						case 1 -> start(this.env.baselineJar(), List.of(), "baseline");
						default -> start(this.env.baselineActuatorJar(), List.of(), "baseline-actuator");
					};
				}
				System.out.printf("    round %d/%d: sample %.3f s %.0f MiB, without starter %.3f s, without starter + "
						+ "actuator %.3f s %.0f MiB%n", round + 1, rounds, started[0].seconds(), started[0].rssMiB(),
						started[1].seconds(), started[2].seconds(), started[2].rssMiB());
				sample.add(started[0].seconds() * 1000);
				baseline.add(started[1].seconds() * 1000);
				actuator.add(started[2].seconds() * 1000);
				overhead.add((started[0].seconds() / started[1].seconds() - 1) * 100);
				overActuator.add((started[0].seconds() / started[2].seconds() - 1) * 100);
				sampleRss.add(started[0].rssMiB());
				actuatorRss.add(started[2].rssMiB());
				addedRss.add(started[0].rssMiB() - started[2].rssMiB());
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
		results.add(new Row("4", "Start-up overhead of the starter, actuator included (%, per round)",
				Row.Result.of(Stats.of(overhead)), null, "", ""));
		Stats own = Stats.of(overActuator);
		results.add(new Row("4", "… the starter's own share: with starter vs without starter + actuator (%, per round, "
				+ rounds + " interleaved rounds)", Row.Result.of(own), null, "< 10 %", Results.verdict(own.median() < 10)));
		results.add(new Row("4", "Resident memory 2 s after start, sample app (MiB)", Row.Result.of(Stats.of(sampleRss)), null,
				"", ""));
		results.add(new Row("4", "… the same app without the starter but with actuator (MiB)",
				Row.Result.of(Stats.of(actuatorRss)), null, "", ""));
		Stats added = Stats.of(addedRss);
		results.add(new Row("4", "Memory the starter adds (MiB, per round; same JVM flags, -Xmx192m)",
				Row.Result.of(added), null, "< 10 MB", Results.verdict(added.median() < 10)));
	}

	/** One start: Spring Boot's "process running for", and the resident memory once it settled. */
	private record Started(double seconds, double rssMiB) {
	}

	private List<String> sampleArgs() {
		return List.of("--spring.profiles.active=static", "--cluster.node.host=" + HOST,
				"--cluster.transport.port=" + SampleCluster.PORT,
				"--cluster.discovery.static.peers=" + HOST + ":" + SampleCluster.PORT);
	}

	private Started start(Path jar, List<String> args, String label) {
		List<String> command = new ArrayList<>();
		command.add(this.env.java());
		command.addAll(Env.JVM_FLAGS);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=0", "--server.address=" + HOST));
		command.addAll(args);
		NodeProcess process = NodeProcess.start(label, command, Map.of("CLUSTER_COOKIE", SampleCluster.COOKIE),
				this.env.logs().resolve("startup-" + label + ".log"), SampleCluster.STARTED);
		try {
			Matcher started = process.awaitReady(120);
			// Resident memory after the start's own garbage has had a moment to settle.
			Clock.sleep(2000);
			return new Started(Double.parseDouble(started.group(1)), Proc.status(process.pid(), "VmRSS") / 1024.0);
		}
		finally {
			process.close();
		}
	}

}
