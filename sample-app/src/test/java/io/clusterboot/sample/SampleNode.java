package io.clusterboot.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The sample application's repackaged jar, started as a separate JVM process on its own loopback
 * address, with its output in a file that tests read.
 */
final class SampleNode implements AutoCloseable {

	static final String COOKIE = "process-test-cookie-0123456789abcdef";

	static final int CLUSTER_PORT = 24470;

	private final String host;

	private final Path log;

	private final Process process;

	// The network namespace the process runs in, or null for the test's own.
	private final String namespace;

	private SampleNode(String host, Path log, Process process, String namespace) {
		this.host = host;
		this.log = log;
		this.process = process;
		this.namespace = namespace;
	}

	/**
	 * Starts a node with the static strategy, knowing the given peers.
	 */
	static SampleNode start(String host, Path logs, List<String> peerHosts, String... extraArgs) throws IOException {
		List<String> args = new ArrayList<>(List.of("--spring.profiles.active=static", "--server.address=" + host,
				"--cluster.node.host=" + host, "--cluster.transport.port=" + CLUSTER_PORT,
				"--cluster.discovery.static.peers="
						+ String.join(",", peerHosts.stream().map((p) -> p + ":" + CLUSTER_PORT).toList()),
				"--cluster.discovery.poll-interval=1s"));
		args.addAll(List.of(extraArgs));
		return launch(host, logs, List.of(), args, COOKIE);
	}

	/**
	 * Starts the sample app with the given JVM options and arguments.
	 * @param label names the log file and the node in messages
	 * @param cookie the value of CLUSTER_COOKIE, or {@code null} to leave it unset
	 */
	static SampleNode launch(String label, Path logs, List<String> jvmArgs, List<String> args, String cookie)
			throws IOException {
		return launch(null, label, logs, jvmArgs, args, cookie);
	}

	/**
	 * Starts the sample app inside a network namespace ({@code ip netns exec}, which becomes the JVM
	 * itself, so that signals reach it); its HTTP server is then asked from inside that namespace.
	 * @param namespace the namespace, or {@code null} for the test's own
	 */
	static SampleNode launch(String namespace, String label, Path logs, List<String> jvmArgs, List<String> args,
			String cookie) throws IOException {
		List<String> command = new ArrayList<>();
		if (namespace != null) {
			command.addAll(List.of("ip", "netns", "exec", namespace));
		}
		command.addAll(List.of(javaBin(), "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", jar().toString(), "--server.port=0"));
		command.addAll(args);
		Path log = Files.createTempFile(logs, label + "-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().remove("CLUSTER_COOKIE");
		if (cookie != null) {
			builder.environment().put("CLUSTER_COOKIE", cookie);
		}
		return new SampleNode(label, log, builder.start(), namespace);
	}

	String host() {
		return this.host;
	}

	String name() {
		return "sample@" + this.host;
	}

	long pid() {
		return this.process.pid();
	}

	String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * GETs a path of this node's HTTP server, whose port the node logged at start-up.
	 */
	String get(String path) throws IOException, InterruptedException {
		if (this.namespace != null) {
			// Only from inside: the namespace's addresses exist nowhere else.
			Process curl = new ProcessBuilder("ip", "netns", "exec", this.namespace, "curl", "-sS", "--max-time", "10",
					"http://" + this.host + ":" + httpPort() + path)
				.redirectErrorStream(true)
				.start();
			String body = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			if (!curl.waitFor(20, TimeUnit.SECONDS) || curl.exitValue() != 0) {
				throw new IOException("GET " + path + " on " + this.host + " failed: " + body);
			}
			return body;
		}
		return send(request(path).GET());
	}

	private String httpPort() {
		java.util.regex.Matcher port = Pattern.compile("Tomcat started on port (\\d+)").matcher(output());
		if (!port.find()) {
			throw new IllegalStateException("node " + this.host + " has not started its web server");
		}
		return port.group(1);
	}

	String post(String path, String body) throws IOException, InterruptedException {
		return send(request(path).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "text/plain"));
	}

	private java.net.http.HttpRequest.Builder request(String path) {
		return java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + this.host + ":" + httpPort() + path))
			.timeout(Duration.ofSeconds(10));
	}

	private static String send(java.net.http.HttpRequest.Builder request) throws IOException, InterruptedException {
		return java.net.http.HttpClient.newHttpClient()
			.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
	}

	long count(String regex) {
		return Pattern.compile(regex).matcher(output()).results().count();
	}

	/**
	 * Waits until the output has a line matching the regular expression at least {@code times} times.
	 */
	void awaitLog(String regex, long times) {
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.failFast("process " + this.host + " exited", () -> !this.process.isAlive())
			.until(() -> count(regex) >= times);
	}

	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	void signal(String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			try {
				signal("CONT");
			}
			catch (IOException ex) {
				// best effort
			}
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

	private static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((p) -> p.getFileName().toString().matches("cluster-sample-app-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("Run 'package' first: no sample app jar in target/"));
		}
	}

}
