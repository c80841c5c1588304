package io.clusterboot.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plain TCP connection to a node's listener that only waits for the node's side to close: when a
 * node is killed, it tells when the kernel closed the dead process's sockets, so that figure 3 can
 * tell the kernel's part of the crash detection (tearing down the process) from the surviving
 * nodes' part (noticing the close and reporting it). The node sees an unauthenticated connection
 * that says nothing; it is killed long before its handshake deadline.
 */
final class CloseWatch implements AutoCloseable {

	private final Socket socket;

	private final CompletableFuture<Long> closedAt = new CompletableFuture<>();

	CloseWatch(String host, int port) throws IOException {
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress(host, port), 2000);
		Thread reader = new Thread(this::read, "close-watch");
		reader.setDaemon(true);
		reader.start();
	}

	private void read() {
		try (InputStream in = this.socket.getInputStream()) {
			while (in.read() >= 0) {
				// nothing is expected before the close
			}
			this.closedAt.complete(Clock.now());
		}
		catch (IOException ex) {
			this.closedAt.complete(Clock.now()); // a reset is a close too
		}
	}

	/** Milliseconds from {@code from} until the connection closed, or -1 if it did not within 10 s. */
	double millisAfter(long from) {
		try {
			return Clock.millis(this.closedAt.get(10, TimeUnit.SECONDS) - from);
		}
		catch (Exception ex) {
			return -1;
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
