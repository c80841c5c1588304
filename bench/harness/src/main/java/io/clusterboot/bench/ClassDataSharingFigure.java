package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * Figure 4, continued: the sample app's start-up with the JVM's class data sharing, which a user turns
 * on for the whole application (README, "Faster start-up"). The jar is extracted with Spring Boot's
 * {@code -Djarmode=tools extract} (class data sharing needs plain jars on the class path), one training
 * run writes the archive at exit ({@code -XX:ArchiveClassesAtExit} on Java 17; on Java 25 a training
 * run records a configuration, {@code -XX:AOTMode=record}, from which {@code -XX:AOTMode=create} makes the
 * AOT cache), and then each variant starts in rotating order per round,
 * with the same flags as every sample process. The Java 25 rows need {@code JAVA25_HOME} or Temurin 25
 * under /usr/lib/jvm; without it they say so.
 */
final class ClassDataSharingFigure {

	private static final String HOST = "127.0.1.201";

	private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	private final Env env;

	private final int runs;

	ClassDataSharingFigure(Env env, int runs) {
		this.env = env;
		this.runs = runs;
	}

	/** One way to start the app: a JVM and its extra flags. */
	private record Variant(String label, String java, List<String> flags) {
	}

	void run(Results results) {
		System.out.println("Figure 4: start-up with class data sharing");
		Path work = this.env.logs().resolve("cds");
		Path jar;
		List<Variant> variants = new ArrayList<>();
		String java25 = java25();
		try {
			jar = extract(this.env, work);
			String java17 = this.env.java();
			variants.add(new Variant("Java 17", java17, List.of()));
			Path archive = work.resolve("app.jsa");
			train(java17, jar, List.of("-XX:ArchiveClassesAtExit=" + archive), archive);
			variants.add(new Variant("Java 17 with a CDS archive (-XX:SharedArchiveFile)", java17,
					List.of("-XX:SharedArchiveFile=" + archive)));
			if (java25 != null) {
				Path cache = work.resolve("app.aot");
				variants.add(new Variant("Java 25", java25, List.of()));
				Path configuration = work.resolve("app.aotconf");
				train(java25, jar, List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration), configuration);
				create(java25, jar, configuration, cache);
				variants.add(new Variant("Java 25 with an AOT cache (-XX:AOTCache)", java25,
						List.of("-XX:AOTCache=" + cache)));
			}
		}
		catch (RuntimeException ex) {
			results.add(new Row("4", "Start-up with class data sharing", Row.Result.note("failed: " + ex.getMessage()),
					null, "", ""));
			return;
		}
		int rounds = Math.max(this.runs, 5);
		List<List<Double>> seconds = new ArrayList<>();
		variants.forEach((v) -> seconds.add(new ArrayList<>()));
		try {
			for (int round = 0; round < rounds; round++) {
				for (int k = 0; k < variants.size(); k++) {
					int index = (round + k) % variants.size();
					seconds.get(index).add(start(variants.get(index), jar) * 1000);
				}
				System.out.println("    round " + (round + 1) + "/" + rounds + " done");
			}
		}
		catch (RuntimeException ex) {
			results.add(new Row("4", "Start-up with class data sharing", Row.Result.note("failed: " + ex.getMessage()),
					null, "", ""));
			return;
		}
		for (int i = 0; i < variants.size(); i++) {
			results.add(new Row("4", "Start-up, sample app from the extracted jar, " + variants.get(i).label() + " (ms, "
					+ rounds + " rotating rounds)", Row.Result.of(Stats.of(seconds.get(i))), null, "", ""));
		}
		if (java25 == null) {
			results.add(new Row("4", "Start-up with Java 25's AOT cache",
					Row.Result.note("not measured: no Java 25 (set JAVA25_HOME)"), null, "", ""));
		}
	}

	private static String java25() {
		String home = System.getenv("JAVA25_HOME");
		Path java = ((home != null) ? Path.of(home) : TEMURIN_25).resolve("bin/java");
		return Files.isExecutable(java) ? java.toString() : null;
	}

	// java -Djarmode=tools -jar app.jar extract --destination DIR: the app's jar and lib/ beside it.
	static Path extract(Env env, Path work) {
		Path destination = work.resolve("app");
		try {
			Files.createDirectories(work);
			Process process = new ProcessBuilder(env.java(), "-Djarmode=tools", "-jar", env.sampleJar().toString(),
					"extract", "--force", "--destination", destination.toString())
				.redirectErrorStream(true)
				.redirectOutput(work.resolve("extract.log").toFile())
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("extracting the sample jar failed: see " + work.resolve("extract.log"));
			}
			return destination.resolve(env.sampleJar().getFileName());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// The training run: the app starts fully (its cluster node too), then stops normally, which writes
	// the archive.
	private void train(String java, Path jar, List<String> flags, Path output) {
		try (NodeProcess process = launch(new Variant("training", java, flags), jar, "training-" + output.getFileName())) {
			process.awaitReady(180);
		}
		if (!Files.exists(output)) {
			throw new IllegalStateException("The training run wrote no " + output);
		}
	}

	// Java 25's second step: the cache from the training run's configuration; the app does not run.
	private void create(String java, Path jar, Path configuration, Path cache) {
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(Env.JVM_FLAGS);
		command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration, "-XX:AOTCache=" + cache,
				"-jar", jar.toString()));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.env.logs().resolve("cds-create-app.aot.log").toFile())
				.start();
			if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(cache)) {
				process.destroyForcibly();
				throw new IllegalStateException("creating the AOT cache failed: see " + this.env.logs().resolve("cds-create-app.aot.log"));
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

	private double start(Variant variant, Path jar) {
		try (NodeProcess process = launch(variant, jar, variant.label().replaceAll("[^A-Za-z0-9]+", "-"))) {
			Matcher started = process.awaitReady(120);
			return Double.parseDouble(started.group(1));
		}
	}

	private NodeProcess launch(Variant variant, Path jar, String label) {
		List<String> command = new ArrayList<>();
		command.add(variant.java());
		command.addAll(Env.JVM_FLAGS);
		command.addAll(variant.flags());
		command.addAll(List.of("-jar", jar.toString(), "--server.port=0", "--server.address=" + HOST,
				"--spring.profiles.active=static", "--cluster.node.host=" + HOST,
				"--cluster.transport.port=" + SampleCluster.PORT,
				"--cluster.discovery.static.peers=" + HOST + ":" + SampleCluster.PORT));
		return NodeProcess.start(label, command, Map.of("CLUSTER_COOKIE", SampleCluster.COOKIE),
				this.env.logs().resolve("cds-" + label + ".log"), SampleCluster.STARTED);
	}

}
