package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * N Erlang nodes ({@code erl -name nK@127.0.2.K -setcookie …}), each running {@code bench_node}
 * (bench/erlang/bench_node.erl), registered with the harness's own epmd on loopback. Distribution
 * listens only on the node's loopback address ({@code inet_dist_use_interface}).
 */
final class ErlangCluster extends NodeCluster {

	private static final Pattern READY = Pattern.compile("^\\[bench\\] ready ");

	private final Env env;

	private final Epmd epmd;

	private final String label;

	private final int firstHost;

	private final String cookie;

	private final Integer netTicktime;

	private java.nio.file.Path tlsOptions;

	/**
	 * @param firstHost the last octet of the first node's 127.0.2.x address
	 * @param netTicktime {@code net_ticktime} in seconds, or {@code null} for Erlang's default (60)
	 */
	ErlangCluster(Env env, Epmd epmd, String label, int size, int firstHost, Integer netTicktime) {
		super(size);
		this.env = env;
		this.epmd = epmd;
		this.label = label;
		this.firstHost = firstHost;
		this.cookie = "bench_" + label.replaceAll("[^a-z0-9]", "_");
		this.netTicktime = netTicktime;
	}

	/**
	 * Runs the distribution over mutual TLS ({@code inet_tls}) with these options; call before
	 * starting.
	 * @param options an {@code -ssl_dist_optfile} file
	 * @return this cluster
	 */
	ErlangCluster withTls(java.nio.file.Path options) {
		this.tlsOptions = options;
		return this;
	}

	int host(int index) {
		return this.firstHost + index;
	}

	@Override
	String name(int index) {
		return "n" + host(index) + "@127.0.2." + host(index);
	}

	@Override
	NodeProcess launch(int index) {
		int host = host(index);
		List<String> command = new ArrayList<>(List.of("erl", "-noshell", "-start_epmd", "false", "-epmd_module", "bench_epmd", "-name",
				name(index), "-setcookie", this.cookie, "-kernel", "inet_dist_use_interface", "{127,0,2," + host + "}"));
		if (this.netTicktime != null) {
			command.addAll(List.of("-kernel", "net_ticktime", this.netTicktime.toString()));
		}
		if (this.tlsOptions != null) {
			command.addAll(List.of("-proto_dist", "inet_tls", "-ssl_dist_optfile", this.tlsOptions.toString()));
		}
		command.addAll(List.of("-pa", this.env.erlangBin().toString(), "-eval", "bench_node:main()"));
		return NodeProcess.start(name(index), command, Map.of("ERL_EPMD_PORT", Integer.toString(this.epmd.port())),
				this.env.logs().resolve(this.label + "-" + name(index) + "-" + NodeProcess.nextId() + ".log"), READY);
	}

	// The distribution port comes from epmd, as a peer would ask.
	@Override
	CloseWatch closeWatch(int index) throws java.io.IOException {
		String names = Machine.command("epmd", "-port", Integer.toString(this.epmd.port()), "-names");
		java.util.regex.Matcher port = Pattern.compile("name n" + host(index) + " at port (\\d+)").matcher(names);
		if (!port.find()) {
			throw new IllegalStateException("epmd does not know " + name(index) + ": " + names);
		}
		return new CloseWatch("127.0.2." + host(index), Integer.parseInt(port.group(1)));
	}

	@Override
	String goLine(long epochNanos, int index) {
		return "go " + epochNanos + " " + String.join(" ", peersOf(index));
	}

}
