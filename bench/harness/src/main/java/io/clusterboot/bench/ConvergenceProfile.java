package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The profile behind figure 1's missed goal, run on its own: {@code bench/run.sh profile-convergence
 * [--runs N]}. Figure 1's N=10 cold start (ten fresh sample-app processes, released at one instant),
 * each node with a JFR recording (execution samples every millisecond); only the samples between the
 * release and the full mesh count. It writes what the nodes' Java threads ran in that window: by
 * thread, and per thread the hottest methods (the innermost frame) and the hottest ClusterBoot
 * methods (the innermost ClusterBoot frame). JIT compiler threads are not Java threads and do not
 * appear; figure 1's /proc note counts them.
 */
final class ConvergenceProfile {

	private static final int SIZE = 10;

	private final Env env;

	private final int runs;

	private final Map<String, Double> byThread = new LinkedHashMap<>();

	private final Map<String, Map<String, Double>> leafByThread = new LinkedHashMap<>();

	private final Map<String, Map<String, Double>> ownByThread = new LinkedHashMap<>();

	private double millis;

	private ConvergenceProfile(Env env, int runs) {
		this.env = env;
		this.runs = runs;
	}

	static void main(String[] args) throws IOException {
		int runs = 3;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--runs")) {
				runs = Integer.parseInt(args[++i]);
			}
			else {
				throw new IllegalArgumentException("Unknown argument " + args[i] + " (expected --runs N)");
			}
		}
		Path repo = Path.of("").toAbsolutePath();
		Env env = Env.locate(repo);
		StartupProfile.write(repo, "convergence-profile", new ConvergenceProfile(env, runs).run());
	}

	private String run() throws IOException {
		for (int run = 0; run < this.runs; run++) {
			Path dir = Files.createDirectories(this.env.logs().resolve("convergence-profile/run" + run));
			try (Stream<Path> old = Files.list(dir)) {
				old.forEach((p) -> p.toFile().delete());
			}
			List<String> launcher = List.of(
					// A directory: each JVM writes a file of its own there (Java 17 has no %p).
					"-XX:StartFlightRecording:dumponexit=true,filename=" + dir
							+ ",settings=profile,jdk.ExecutionSample#period=1ms",
					"-Dloader.path=" + this.env.benchJar(), "-cp", this.env.sampleJar().toString(),
					"org.springframework.boot.loader.launch.PropertiesLauncher");
			long from;
			double took;
			try (SampleCluster cluster = new SampleCluster(this.env, "converge-profile", SIZE, 1, List.of(), launcher)) {
				cluster.start();
				from = cluster.release();
				took = cluster.awaitMesh(from, 120);
			}
			this.millis += took;
			System.out.printf("  run %d/%d: full mesh %.0f ms after the release%n", run + 1, this.runs, took);
			Instant start = Instant.ofEpochSecond(0, from);
			Instant end = start.plusNanos((long) (took * 1e6));
			try (Stream<Path> recordings = Files.list(dir)) {
				for (Path recording : recordings.filter((p) -> p.toString().endsWith(".jfr")).toList()) {
					read(recording, start, end);
				}
			}
		}
		return report();
	}

	private void read(Path recording, Instant start, Instant end) {
		try (RecordingFile file = new RecordingFile(recording)) {
			while (file.hasMoreEvents()) {
				RecordedEvent event = file.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
						|| event.getStartTime().isBefore(start) || event.getStartTime().isAfter(end)) {
					continue;
				}
				String thread = StartupProfile.threadGroup(event.getThread("sampledThread").getJavaName());
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				this.byThread.merge(thread, 1.0, Double::sum);
				if (!frames.isEmpty()) {
					this.leafByThread.computeIfAbsent(thread, (t) -> new LinkedHashMap<>())
						.merge(method(frames.get(0)), 1.0, Double::sum);
				}
				for (RecordedFrame frame : frames) {
					if ("ClusterBoot".equals(StartupProfile.owner(frame.getMethod().getType().getName()))) {
						this.ownByThread.computeIfAbsent(thread, (t) -> new LinkedHashMap<>())
							.merge(method(frame), 1.0, Double::sum);
						break;
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String method(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
	}

	private String report() {
		StringBuilder md = new StringBuilder("# Convergence profile: N=10 fresh processes\n\n");
		md.append(String.format(Locale.ROOT, "`bench/run.sh profile-convergence --runs %d`, %s. Every node with JFR "
				+ "(execution samples every 1 ms); samples from the release to the full mesh only, summed over the "
				+ "10 nodes, per run (mean of %d runs). Full mesh %.0f ms after the release (mean; JFR's own threads "
				+ "share the 2 cores, so this is slower than figure 1).%n%n", this.runs, Instant.now(), this.runs,
				this.millis / this.runs));
		md.append("| thread | samples |\n|---|---|\n");
		sorted(this.byThread, 20).forEach((e) -> md.append(row(e)));
		md.append('\n');
		for (String thread : this.leafByThread.keySet()) {
			if (this.byThread.get(thread) / this.runs < 5) {
				continue;
			}
			md.append("### ").append(thread).append("\n\n| innermost frame | samples |\n|---|---|\n");
			sorted(this.leafByThread.get(thread), 12).forEach((e) -> md.append(row(e)));
			md.append("\n| innermost ClusterBoot frame | samples |\n|---|---|\n");
			sorted(this.ownByThread.getOrDefault(thread, Map.of()), 12).forEach((e) -> md.append(row(e)));
			md.append('\n');
		}
		return md.toString();
	}

	private String row(Map.Entry<String, Double> entry) {
		return String.format(Locale.ROOT, "| `%s` | %.1f |%n", entry.getKey(), entry.getValue() / this.runs);
	}

	private static Stream<Map.Entry<String, Double>> sorted(Map<String, Double> counts, int limit) {
		return counts.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit);
	}

}
