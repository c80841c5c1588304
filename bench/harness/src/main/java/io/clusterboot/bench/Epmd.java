package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * The harness's own epmd, on a port of its own and on 127.0.0.1 only. Nodes find each other through it
 * with {@code -epmd_module bench_epmd} (bench/erlang/bench_epmd.erl), since epmd cannot listen on all
 * the 127.0.2.x addresses the nodes are named after.
 */
final class Epmd implements AutoCloseable {

	static final int PORT = 43690;

	private final Process process;

	private Epmd(Process process) {
		this.process = process;
	}

	static Epmd start(Env env) {
		try {
			ProcessBuilder builder = new ProcessBuilder("epmd", "-port", Integer.toString(PORT), "-address", "127.0.0.1")
				.redirectErrorStream(true)
				.redirectOutput(env.logs().resolve("epmd.log").toFile());
			builder.environment().put("ERL_EPMD_ADDRESS", "127.0.0.1");
			Epmd epmd = new Epmd(builder.start());
			epmd.awaitListening();
			return epmd;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start epmd", ex);
		}
	}

	int port() {
		return PORT;
	}

	private void awaitListening() {
		for (int attempt = 0; attempt < 100; attempt++) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", PORT), 200);
				return;
			}
			catch (IOException ex) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("epmd exited: is port " + PORT + " taken? (bench/harness/target/logs/epmd.log)");
				}
				Clock.sleep(50);
			}
		}
		throw new IllegalStateException("epmd is not listening on 127.0.0.1:" + PORT);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
