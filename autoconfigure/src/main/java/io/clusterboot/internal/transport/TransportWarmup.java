package io.clusterboot.internal.transport;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.Cookies;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.FrameDecoder;
import io.clusterboot.internal.transport.handshake.DialerHandshakeHandler;
import io.clusterboot.internal.transport.handshake.HandshakeFailedException;
import io.clusterboot.internal.transport.handshake.HandshakeOutcome;
import io.clusterboot.internal.transport.handshake.ListenerHandshakeHandler;
import io.clusterboot.internal.transport.handshake.LocalIdentity;
import io.clusterboot.internal.transport.handshake.PeerIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Runs one handshake and a heartbeat between two in-memory channels, once per JVM, on a daemon thread:
 * the classes of the pipeline, the codec, the handshake, the frame MAC and the JDK's digest and MAC
 * providers are loaded and initialised while the application context starts, rather than while the
 * first peer waits for this node's first handshake. No socket is opened; the cookie is a throwaway.
 */
public final class TransportWarmup {

	private static final Logger logger = LoggerFactory.getLogger(TransportWarmup.class);

	private static final AtomicBoolean started = new AtomicBoolean();

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
		try {
			return handshakeAndHeartbeat();
		}
		catch (RuntimeException | LinkageError ex) {
			// Only time is lost: the first real handshake loads what this did not.
			logger.debug("Transport warm-up failed", ex);
			return false;
		}
	}

	private static boolean handshakeAndHeartbeat() {
		Cookies cookies = Cookies.of(Cookie.of(HexFormat.of().formatHex(randomBytes())));
		Outcome dialled = new Outcome(true);
		Outcome accepted = new Outcome(false);
		EmbeddedChannel dialler = channel(new DialerHandshakeHandler(
				new LocalIdentity(new NodeName("warmup-dialler", "127.0.0.1"), 1, 1, cookies), (p, i) -> null, TIMEOUT,
				dialled));
		EmbeddedChannel listener = channel(new ListenerHandshakeHandler(
				new LocalIdentity(new NodeName("warmup-listener", "127.0.0.1"), 2, 1, cookies), (p, i) -> null,
				TIMEOUT, accepted));
		try {
			shuttle(dialler, listener);
			if (dialled.connection == null || accepted.connection == null) {
				return false;
			}
			dialled.handler.tick(dialler.eventLoop().ticker().nanoTime()); // the dialler pings, the listener answers
			shuttle(dialler, listener);
			return dialled.connection.rttMillis() != null;
		}
		finally {
			dialler.finishAndReleaseAll();
			listener.finishAndReleaseAll();
		}
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[Cookie.MIN_LENGTH];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	private static EmbeddedChannel channel(ChannelHandler handshake) {
		EmbeddedChannel channel = new EmbeddedChannel();
		Transport.initPipeline(channel, null, handshake);
		channel.pipeline().fireChannelActive();
		return channel;
	}

	// Moves bytes both ways until neither side has anything more to say. The pending tasks are the
	// flushes that the pipeline's flush consolidation puts off to the event loop.
	private static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
		boolean moved = true;
		while (moved) {
			a.runPendingTasks();
			b.runPendingTasks();
			moved = move(a, b) | move(b, a);
		}
	}

	private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
		boolean moved = false;
		for (Object bytes = from.readOutbound(); bytes != null; bytes = from.readOutbound()) {
			to.writeInbound((ByteBuf) bytes);
			moved = true;
		}
		return moved;
	}

	// What Transport does once a peer is authenticated, without a listener to tell.
	private static final class Outcome implements HandshakeOutcome {

		private final boolean outbound;

		private PeerConnection connection;

		private ConnectionHandler handler;

		Outcome(boolean outbound) {
			this.outbound = outbound;
		}

		@Override
		public void succeeded(ChannelHandlerContext ctx, PeerIdentity peer) {
			this.connection = new PeerConnection(ctx.channel(), peer, this.outbound, new PeerAddress("127.0.0.1", 1),
					null);
			ctx.channel().pipeline().get(FrameDecoder.class).version(peer.version());
			this.handler = new ConnectionHandler(this.connection, NO_LISTENER, new TransportObserver() {
			}, new Heartbeats(TIMEOUT.toNanos(), 2 * TIMEOUT.toNanos()));
			ctx.pipeline().replace(ctx.handler(), "connection", this.handler);
		}

		@Override
		public void failed(Channel channel, HandshakeFailedException failure) {
			logger.debug("Transport warm-up handshake failed: {}", failure.getMessage());
		}

	}

	private static final ConnectionListener NO_LISTENER = new ConnectionListener() {

		@Override
		public void connected(PeerConnection connection) {
		}

		@Override
		public void closed(PeerConnection connection, Reason reason) {
		}

		@Override
		public void members(PeerConnection connection, Message.Members members) {
		}

	};

}
