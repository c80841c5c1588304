package io.clusterboot.internal.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.Cookies;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.handshake.LocalIdentity;

/**
 * Runs one handshake and a heartbeat round trip between two throwaway transports over loopback, once
 * per JVM, on a daemon thread: what a node's first real handshake would otherwise load and initialise
 * while its peer waits (the client and server socket paths, the pipeline, codec, handshake, frame MAC,
 * the JDK's digest and MAC providers) is done while the application context starts. The listener is
 * bound to an ephemeral port of 127.0.0.1 for those few milliseconds, with a random cookie that no
 * one else knows; where loopback cannot be bound, nothing is warmed and nothing else changes.
 */
public final class TransportWarmup {

	private static final Logger logger = LoggerFactory.getLogger(TransportWarmup.class);

	private static final AtomicBoolean started = new AtomicBoolean();

	private static final String LOOPBACK = "127.0.0.1";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private TransportWarmup() {
	}

	/**
	 * Starts the warm-up on a daemon thread, unless it ran in this JVM already.
	 */
	public static void startInBackground() {
		if (started.compareAndSet(false, true)) {
			Thread thread = new Thread(TransportWarmup::run, "cluster-warmup");
			thread.setDaemon(true);
			thread.start();
		}
	}

	/**
	 * Runs the warm-up on the calling thread.
	 * @return whether a handshake and a heartbeat round trip completed
	 */
	public static boolean run() {
		long start = System.nanoTime();
		try {
			boolean done = handshakeAndHeartbeat();
			logger.debug("Transport warm-up {} in {} ms", done ? "done" : "incomplete",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
			return done;
		}
		catch (Exception | LinkageError ex) {
			// Only time is lost: the first real handshake loads what this did not.
			logger.debug("Transport warm-up failed", ex);
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return false;
		}
	}

	private static boolean handshakeAndHeartbeat() throws Exception {
		Cookies cookies = Cookies.of(Cookie.of(HexFormat.of().formatHex(randomBytes())));
		TransportSettings settings = new TransportSettings(LOOPBACK, 0, 0, 64 * 1024, TIMEOUT, Duration.ofSeconds(1),
				TIMEOUT, 4, 4, 1);
		try (Transport listener = new Transport(settings, ConnectionListener.NONE, (peer, incarnation) -> null);
				Transport dialler = new Transport(settings, ConnectionListener.NONE, (peer, incarnation) -> null)) {
			InetSocketAddress bound = listener.bind();
			listener.identity(new LocalIdentity(new NodeName("warmup-listener", LOOPBACK), 1, bound.getPort(), cookies));
			dialler.identity(new LocalIdentity(new NodeName("warmup-dialler", LOOPBACK), 2, bound.getPort(), cookies));
			PeerConnection connection = dialler
				.dial(new PeerAddress(LOOPBACK, bound.getPort()), InetAddress.getByName(LOOPBACK))
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			connection.send(new Message.Ping(System.nanoTime())); // the listener answers with a pong
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (connection.rttMillis() == null && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			return connection.rttMillis() != null;
		}
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[Cookie.MIN_LENGTH];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

}
