package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where things are: the repository, the jars that {@code bench/run.sh} built, the compiled Erlang
 * module, and the folder for process logs.
 *
 * @param repo the repository root
 * @param sampleJar the sample app's repackaged jar
 * @param benchJar this module's jar (the gate plugin for the sample jar)
 * @param baselineJar the sample app without the starter
 * @param baselineActuatorJar the sample app without the starter but with actuator
 * @param erlangBin the folder with {@code bench_node.beam}
 * @param logs where each process's output goes
 */
record Env(Path repo, Path sampleJar, Path benchJar, Path baselineJar, Path baselineActuatorJar, Path erlangBin,
		Path logs) {

	/** The JVM flags of every sample and baseline process: the end-to-end tests' flags, so 20 JVMs fit 2 cores. */
	static final List<String> JVM_FLAGS = List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

	static Env locate(Path repo) {
		Path bench = repo.resolve("bench");
		return new Env(repo, jar(repo.resolve("sample-app/target"), "cluster-sample-app-"),
				jar(bench.resolve("harness/target"), "cluster-bench-"),
				jar(bench.resolve("baseline-app/target"), "cluster-bench-baseline-app-"),
				jar(bench.resolve("baseline-actuator-app/target"), "cluster-bench-baseline-actuator-app-"),
				bench.resolve("harness/target/erlang"), bench.resolve("harness/target/logs"));
	}

	String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path jar(Path folder, String prefix) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((p) -> {
				String name = p.getFileName().toString();
				return name.startsWith(prefix) && name.endsWith(".jar") && name.substring(prefix.length()).matches("[0-9].*");
			}).findFirst().orElseThrow(() -> new IllegalStateException("No " + prefix + "*.jar in " + folder
					+ ": run bench/run.sh, which builds it"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
