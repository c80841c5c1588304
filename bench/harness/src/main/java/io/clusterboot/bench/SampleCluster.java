package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * N processes of the unchanged sample-app jar on 127.0.1.x, static discovery listing everyone,
 * with this module's jar added by Spring Boot's {@code PropertiesLauncher} ({@code loader.path}) to
 * hold dialling until the release instant and to print membership events.
 */
final class SampleCluster extends NodeCluster {

	static final String COOKIE = "bench-cookie-0123456789abcdefghijklmnop";

	static final int PORT = 27370;

	static final Pattern STARTED = Pattern.compile("Started \\w+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	private final Env env;

	private final String label;

	private final int firstHost;

	private final List<String> extraArgs;

	private final List<String> launcher;

	/**
	 * @param label names the log files
	 * @param firstHost the last octet of the first node's 127.0.1.x address
	 * @param extraArgs more properties, e.g. heartbeat settings
	 */
	SampleCluster(Env env, String label, int size, int firstHost, List<String> extraArgs) {
		super(size);
		this.env = env;
		this.label = label;
		this.firstHost = firstHost;
		this.extraArgs = extraArgs;
		this.launcher = List.of("-Dloader.path=" + env.benchJar(), "-cp", env.sampleJar().toString(),
				"org.springframework.boot.loader.launch.PropertiesLauncher");
	}

	/**
	 * The same cluster started another way: {@code launcher} is what comes between the JVM flags and
	 * the application's arguments (say a class data sharing archive, a class path and the main class).
	 */
	SampleCluster(Env env, String label, int size, int firstHost, List<String> extraArgs, List<String> launcher) {
		super(size);
		this.env = env;
		this.label = label;
		this.firstHost = firstHost;
		this.extraArgs = extraArgs;
		this.launcher = List.copyOf(launcher);
	}

	String label() {
		return this.label;
	}

	String host(int index) {
		return "127.0.1." + (this.firstHost + index);
	}

	@Override
	String name(int index) {
		return "sample@" + host(index);
	}

	@Override
	NodeProcess launch(int index) {
		List<String> peers = new ArrayList<>();
		for (int i = 0; i < size(); i++) {
			peers.add(host(i) + ":" + PORT);
		}
		String host = host(index);
		List<String> command = new ArrayList<>();
		command.add(this.env.java());
		command.addAll(Env.JVM_FLAGS);
		command.addAll(this.launcher);
		command.addAll(List.of("--spring.profiles.active=static",
				"--server.port=0", "--server.address=" + host, "--cluster.node.host=" + host,
				"--cluster.transport.port=" + PORT, "--cluster.discovery.static.peers=" + String.join(",", peers),
				"--bench.gate=true"));
		command.addAll(this.extraArgs);
		return NodeProcess.start(name(index), command, Map.of("CLUSTER_COOKIE", COOKIE),
				this.env.logs().resolve(this.label + "-" + host + "-" + NodeProcess.nextId() + ".log"), STARTED);
	}

	@Override
	CloseWatch closeWatch(int index) throws java.io.IOException {
		return new CloseWatch(host(index), PORT);
	}

	@Override
	String goLine(long epochNanos, int index) {
		return "go " + epochNanos;
	}

}
