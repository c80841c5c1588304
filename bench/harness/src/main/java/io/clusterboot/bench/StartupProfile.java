package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The profile behind figure 4's two missed goals (start-up share and memory), run on its own:
 * {@code bench/run.sh profile-startup [--rounds N]}. Interleaved starts of the sample app and of the
 * same app with actuator and without the starter (figure 4's pair, the same JVM flags), each once
 * with a JFR recording (execution samples of every thread every millisecond, cut at the moment the
 * app said it was ready) and once with native memory tracking and a class-load log (read 2 s after
 * ready, as figure 4 reads its RSS). It writes a Markdown report of what the starter adds: CPU
 * samples by whose code ran (the innermost frame of a known library, per thread) and by start-up
 * phase of the main thread, the hottest ClusterBoot methods, native memory by category and loaded
 * classes by package. JFR's own start-up is outside the compared part: both apps pay it alike.
 */
public final class StartupProfile {

	private static final String HOST = "127.0.1.201";

	private static final int PORT = 4381;

	private static final Pattern NMT_LINE = Pattern
		.compile("^-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

	// HotSpot's own timers (jcmd PerfCounter.print), in the order the report lists them. ".self"
	// excludes nested loads, so those rows add up; the others include them.
	private static final Map<String, String> PERF_COUNTERS = new LinkedHashMap<>();

	static {
		PERF_COUNTERS.put("sun.cls.time", "class loading, all threads, nested included (ms)");
		PERF_COUNTERS.put("sun.urlClassLoader.readClassBytesTime", "… reading class bytes from jars (ms)");
		PERF_COUNTERS.put("sun.cls.defineAppClassTime.self", "… defining (parsing) application classes, self (ms)");
		PERF_COUNTERS.put("sun.cls.classVerifyTime.self", "… verifying, self (ms)");
		PERF_COUNTERS.put("sun.cls.classLinkedTime.self", "… linking, self (ms)");
		PERF_COUNTERS.put("sun.cls.classInitTime.self", "static initialisers, self (ms)");
		PERF_COUNTERS.put("sun.gc.collector.0.time", "young collections (ms)");
		PERF_COUNTERS.put("sun.gc.collector.1.time", "full collections (ms)");
		PERF_COUNTERS.put("java.cls.loadedClasses", "classes loaded (count, not ms)");
	}

	private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

	private static final Pattern CLASS_LOAD = Pattern.compile("\\]\\s+(\\S+) source: ");

	private final Env env;

	private final int rounds;

	private final Path work;

	private StartupProfile(Env env, int rounds) throws IOException {
		this.env = env;
		this.rounds = rounds;
		this.work = Files.createDirectories(env.logs().resolve("startup-profile"));
	}

	public static void main(String[] args) throws Exception {
		int rounds = 6;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--rounds")) {
				rounds = Integer.parseInt(args[++i]);
			}
			else {
				throw new IllegalArgumentException("Unknown argument " + args[i] + " (expected --rounds N)");
			}
		}
		Runtime.getRuntime().addShutdownHook(new Thread(
				() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly), "kill-children"));
		Path repo = Path.of("").toAbsolutePath();
		Env env = Env.locate(repo);
		write(repo, "startup-profile", new StartupProfile(env, rounds).run());
	}

	/** Writes a profile's report to bench/reruns/DATE-NAME.md (or {@code -Dbench.results}) and prints it. */
	static void write(Path repo, String name, String report) throws IOException {
		Path out = repo.resolve(System.getProperty("bench.results",
				"bench/reruns/" + java.time.LocalDate.now() + "-" + name + ".md"));
		Files.writeString(out, report);
		System.out.println(report);
		System.out.println("Written to " + out);
	}

	private String run() {
		Variant sample = new Variant("sample app (with the starter)", this.env.sampleJar(),
				List.of("--spring.profiles.active=static", "--cluster.node.host=" + HOST, "--cluster.transport.port=" + PORT,
						"--cluster.discovery.static.peers=" + HOST + ":" + PORT));
		Variant actuator = new Variant("same app, actuator, no starter", this.env.baselineActuatorJar(), List.of());
		start(actuator, List.of(), "warmup"); // the page cache
		for (int round = 0; round < this.rounds; round++) {
			List<Variant> order = (round % 2 == 0) ? List.of(sample, actuator) : List.of(actuator, sample);
			for (Variant variant : order) {
				variant.profile(round);
			}
			for (Variant variant : order) {
				variant.memory(round);
			}
			System.out.printf("  round %d/%d done%n", round + 1, this.rounds);
		}
		return report(sample, actuator);
	}

	private String report(Variant sample, Variant actuator) {
		StringBuilder md = new StringBuilder();
		md.append("# Start-up profile: what the starter adds\n\n");
		md.append(String.format(Locale.ROOT,
				"`bench/run.sh profile-startup --rounds %d`, %s. JVM flags: %s, plus a JFR recording (execution samples "
						+ "of every thread every 1 ms, `settings=profile`) in the profiling starts and native memory "
						+ "tracking with a class-load log in the memory starts. Figures are per start, the mean of %d "
						+ "rounds; samples count only up to the app's \"Started\" line.%n%n",
				this.rounds, Instant.now(), String.join(" ", Env.JVM_FLAGS), this.rounds));
		md.append(String.format(Locale.ROOT, "Spring Boot's \"process running for\" (with JFR on): %s %.2f s, %s %.2f s%n%n",
				sample.name, sample.seconds / this.rounds, actuator.name, actuator.seconds / this.rounds));
		table(md, "CPU samples by thread", "thread", sample.byThread, actuator.byThread);
		table(md, "CPU samples by whose code ran (innermost frame of a known library)", "code", sample.byOwner,
				actuator.byOwner);
		table(md, "Main thread's samples by start-up phase", "phase", sample.byPhase, actuator.byPhase);
		table(md, "Main thread's samples by phase and the outermost frame outside Spring and the JDK in it", "phase: entry",
				sample.byPhaseEntry, actuator.byPhaseEntry);
		md.append("### The sample app's hottest ClusterBoot methods (innermost ClusterBoot frame, samples per start)\n\n");
		md.append("| method | samples |\n|---|---|\n");
		sample.byClusterMethod.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(15)
			.forEach((e) -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f |%n", e.getKey(), e.getValue() / this.rounds)));
		md.append('\n');
		table(md, "HotSpot's timers 2 s after ready (jcmd PerfCounter.print; the rows overlap, so their sum means "
				+ "nothing)", "timer", sample.perf, actuator.perf);
		table(md, "Heap allocated up to ready, by whose code allocated (MiB, JFR allocation samples by weight)", "code",
				sample.allocatedMiB, actuator.allocatedMiB);
		table(md, "Native memory committed 2 s after ready (KB, NMT summary)", "category", sample.nmt, actuator.nmt);
		md.append(String.format(Locale.ROOT, "Resident (VmRSS) in the NMT starts: %.1f MiB against %.1f MiB.%n%n",
				sample.rssKb / this.rounds / 1024, actuator.rssKb / this.rounds / 1024));
		table(md, "Live heap after a full collection, by class (KB, jcmd GC.class_histogram)", "class", sample.liveHeapKb,
				actuator.liveHeapKb);
		table(md, "Classes loaded by 2 s after ready, by package", "package", sample.classes, actuator.classes);
		return md.toString();
	}

	private void table(StringBuilder md, String title, String key, Map<String, Double> a, Map<String, Double> b) {
		md.append("### ").append(title).append("\n\n");
		md.append("| ").append(key).append(" | with starter | without | added |\n|---|---|---|---|\n");
		Map<String, Double> keys = new TreeMap<>();
		a.forEach((k, v) -> keys.merge(k, v, Double::sum));
		b.forEach((k, v) -> keys.merge(k, -v, Double::sum));
		double totalA = 0;
		double totalB = 0;
		List<String> order = new ArrayList<>(keys.keySet());
		order.sort(Comparator.comparingDouble((String k) -> -Math.abs(keys.get(k))));
		int shown = 0;
		for (String k : order) {
			double va = a.getOrDefault(k, 0.0) / this.rounds;
			double vb = b.getOrDefault(k, 0.0) / this.rounds;
			totalA += va;
			totalB += vb;
			if (shown++ < 20) {
				md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %+.1f |%n", k, va, vb, va - vb));
			}
		}
		md.append(String.format(Locale.ROOT, "| **all** | %.1f | %.1f | %+.1f |%n%n", totalA, totalB, totalA - totalB));
	}

	private NodeProcess start(Variant variant, List<String> jvm, String label) {
		List<String> command = new ArrayList<>();
		command.add(this.env.java());
		command.addAll(Env.JVM_FLAGS);
		command.addAll(jvm);
		command.addAll(List.of("-jar", variant.jar.toString(), "--server.port=0", "--server.address=" + HOST));
		command.addAll(variant.args);
		return NodeProcess.start(label, command, Map.of("CLUSTER_COOKIE", SampleCluster.COOKIE),
				this.work.resolve(label + ".log"), SampleCluster.STARTED);
	}

	private final class Variant {

		final String name;

		final Path jar;

		final List<String> args;

		double seconds;

		double rssKb;

		final Map<String, Double> byThread = new LinkedHashMap<>();

		final Map<String, Double> byOwner = new LinkedHashMap<>();

		final Map<String, Double> byPhase = new LinkedHashMap<>();

		final Map<String, Double> byPhaseEntry = new LinkedHashMap<>();

		final Map<String, Double> byClusterMethod = new LinkedHashMap<>();

		final Map<String, Double> nmt = new LinkedHashMap<>();

		final Map<String, Double> perf = new LinkedHashMap<>();

		final Map<String, Double> liveHeapKb = new LinkedHashMap<>();

		final Map<String, Double> allocatedMiB = new LinkedHashMap<>();

		final Map<String, Double> classes = new LinkedHashMap<>();

		Variant(String name, Path jar, List<String> args) {
			this.name = name;
			this.jar = jar;
			this.args = args;
		}

		private String label(String what, int round) {
			return (this.jar.equals(StartupProfile.this.env.sampleJar()) ? "sample" : "actuator") + "-" + what + "-" + round;
		}

		void profile(int round) {
			Path jfr = StartupProfile.this.work.resolve(label("profile", round) + ".jfr");
			Instant ready;
			try (NodeProcess process = start(this,
					List.of("-XX:StartFlightRecording:dumponexit=true,filename=" + jfr
							+ ",settings=profile,jdk.ExecutionSample#period=1ms"),
					label("profile", round))) {
				Matcher started = process.awaitReady(120);
				ready = Instant.now();
				this.seconds += Double.parseDouble(started.group(1));
			}
			try (RecordingFile recording = new RecordingFile(jfr)) {
				while (recording.hasMoreEvents()) {
					RecordedEvent event = recording.readEvent();
					String type = event.getEventType().getName();
					if (event.getStartTime().isAfter(ready) || event.getStackTrace() == null) {
						continue;
					}
					if (type.equals("jdk.ExecutionSample")) {
						sample(event);
					}
					else if (type.equals("jdk.ObjectAllocationSample")) {
						this.allocatedMiB.merge(owner(event.getStackTrace().getFrames()),
								event.getLong("weight") / (1024.0 * 1024), Double::sum);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void sample(RecordedEvent event) {
			String thread = event.getThread("sampledThread").getJavaName();
			List<RecordedFrame> frames = event.getStackTrace().getFrames(); // innermost first
			this.byThread.merge(threadGroup(thread), 1.0, Double::sum);
			this.byOwner.merge(owner(frames), 1.0, Double::sum);
			for (RecordedFrame frame : frames) {
				String type = frame.getMethod().getType().getName();
				if ("ClusterBoot".equals(owner(type))) {
					String method = type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
					this.byClusterMethod.merge(method, 1.0, Double::sum);
					break;
				}
			}
			if (thread.equals("main")) {
				String phase = phase(frames);
				this.byPhase.merge(phase, 1.0, Double::sum);
				this.byPhaseEntry.merge(phase + ": " + entry(frames), 1.0, Double::sum);
			}
		}

		void memory(int round) {
			Path classLog = StartupProfile.this.work.resolve(label("classes", round) + ".log");
			try (NodeProcess process = start(this,
					List.of("-XX:NativeMemoryTracking=summary", "-Xlog:class+load=info:file=" + classLog),
					label("memory", round))) {
				process.awaitReady(120);
				Clock.sleep(2000);
				this.rssKb += Proc.status(process.pid(), "VmRSS");
				String out = jcmd(process.pid(), "VM.native_memory", "summary");
				// After the RSS and NMT readings: the histogram collects the heap first.
				for (String line : jcmd(process.pid(), "GC.class_histogram").split("\n")) {
					Matcher m = HISTOGRAM_LINE.matcher(line);
					if (m.find()) {
						this.liveHeapKb.merge(m.group(2), Long.parseLong(m.group(1)) / 1024.0, Double::sum);
					}
				}
				for (String line : jcmd(process.pid(), "PerfCounter.print").split("\n")) {
					int eq = line.indexOf('=');
					String name = (eq > 0) ? line.substring(0, eq) : "";
					if (PERF_COUNTERS.containsKey(name)) {
						// HotSpot's timers are in ticks of sun.os.hrt.frequency: nanoseconds on Linux.
						long value = Long.parseLong(line.substring(eq + 1).trim());
						this.perf.merge(PERF_COUNTERS.get(name), name.startsWith("java.cls.") ? value : value / 1e6,
								Double::sum);
					}
				}
				for (String line : out.split("\n")) {
					Matcher m = NMT_LINE.matcher(line.trim());
					if (m.find()) {
						this.nmt.merge(m.group(1).trim(), Double.parseDouble(m.group(2)), Double::sum);
					}
				}
				try (Stream<String> lines = Files.lines(classLog)) {
					lines.forEach((line) -> {
						Matcher m = CLASS_LOAD.matcher(line);
						if (m.find()) {
							this.classes.merge(packageGroup(m.group(1)), 1.0, Double::sum);
						}
					});
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(pid)));
		line.addAll(List.of(command));
		Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
		String out = new String(jcmd.getInputStream().readAllBytes());
		jcmd.waitFor();
		return out;
	}

	static String threadGroup(String thread) {
		if (thread.startsWith("cluster-")) {
			return thread.replaceAll("(-\\d+)+$", "");
		}
		if (thread.startsWith("background-preinit")) {
			return "background-preinit (Spring Boot)";
		}
		return thread.equals("main") ? "main" : "other";
	}

	private static String owner(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String known = owner(frame.getMethod().getType().getName());
			if (known != null) {
				return known;
			}
		}
		return "other (JDK, Spring, Tomcat, …)";
	}

	static String owner(String type) {
		if (type.startsWith("io.clusterboot.") && !type.startsWith("io.clusterboot.sample.")
				&& !type.startsWith("io.clusterboot.bench.")) {
			return "ClusterBoot";
		}
		if (type.startsWith("io.netty.")) {
			return "Netty";
		}
		if (type.startsWith("org.springframework.cloud.")) {
			return "Spring Cloud";
		}
		if (type.startsWith("org.xbill.")) {
			return "dnsjava";
		}
		if (type.startsWith("io.kubernetes.") || type.startsWith("io.fabric8.")) {
			return "Kubernetes client";
		}
		if (type.startsWith("org.springframework.boot.actuate.")) {
			return "Spring Boot actuator";
		}
		if (type.startsWith("com.fasterxml.") || type.startsWith("tools.jackson.")) {
			return "Jackson";
		}
		return null;
	}

	private static String phase(List<RecordedFrame> frames) {
		// Outermost first: the first phase method met on the way in names the phase.
		for (int i = frames.size() - 1; i >= 0; i--) {
			String method = frames.get(i).getMethod().getName();
			String type = frames.get(i).getMethod().getType().getName();
			if (type.endsWith("ApplicationContext")) {
				switch (method) {
					case "invokeBeanFactoryPostProcessors":
						return "configuration classes and conditions";
					case "registerBeanPostProcessors":
						return "bean post-processors";
					case "onRefresh":
						return "web server (onRefresh)";
					case "finishBeanFactoryInitialization":
						return "singletons";
					case "finishRefresh":
						return "finish refresh (lifecycle start)";
					default:
				}
			}
			if (type.equals("org.springframework.boot.SpringApplication")) {
				switch (method) {
					case "prepareEnvironment":
						return "environment and properties";
					case "createApplicationContext":
					case "prepareContext":
						return "context preparation";
					case "callRunners":
						return "runners";
					default:
				}
			}
		}
		return "other";
	}

	// Where the main thread's time went beyond Spring's own machinery: the outermost frame of the
	// application, a library or an auto-configuration (a listener, a bean's factory method, the web
	// server), as type.method; "Spring" when the sample is in Spring or the JDK throughout.
	private static String entry(List<RecordedFrame> frames) {
		for (int i = frames.size() - 1; i >= 0; i--) {
			String type = frames.get(i).getMethod().getType().getName();
			if (type.startsWith("io.clusterboot.sample.") || type.startsWith("io.clusterboot.bench.")
					|| type.startsWith("java.") || type.startsWith("jdk.")
					|| type.startsWith("sun.") || type.startsWith("org.springframework.context.")
					|| type.startsWith("org.springframework.beans.") || type.startsWith("org.springframework.core.")
					|| type.startsWith("org.springframework.util.") || type.startsWith("org.springframework.boot.")
							&& !type.startsWith("org.springframework.boot.autoconfigure.")
							&& !type.startsWith("org.springframework.boot.actuate.")
							&& !type.startsWith("org.springframework.boot.tomcat.")
					|| type.startsWith("jdk.proxy") || type.contains("$$")) {
				continue;
			}
			String simple = type.substring(type.lastIndexOf('.') + 1);
			return simple + "." + frames.get(i).getMethod().getName();
		}
		return "Spring";
	}

	private static String packageGroup(String className) {
		String[] parts = className.split("\\.");
		if (parts.length <= 2) {
			return parts[0];
		}
		int depth = className.startsWith("org.springframework.") ? 4
				: (parts[0].equals("org") || parts[0].equals("io") || parts[0].equals("com")) ? 3 : 2;
		return String.join(".", java.util.Arrays.copyOf(parts, Math.min(depth, parts.length - 1)));
	}

}
