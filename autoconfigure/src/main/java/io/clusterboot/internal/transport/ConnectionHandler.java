package io.clusterboot.internal.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.Reason;
import io.clusterboot.internal.transport.codec.FrameMacException;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.MessageCodec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;

/**
 * Handles an authenticated connection: heartbeats with round-trip times, liveness (any inbound frame
 * counts, as in JGroups), member lists, and {@code LEAVE}. Other registered frame types go on up the
 * pipeline, to whatever handler a feature adds after this one.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<Message> {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionHandler.class);

	private final PeerConnection connection;

	private final ConnectionListener listener;

	private final TransportObserver observer;

	private final long intervalNanos;

	private final long timeoutNanos;

	private long lastReadNanos;

	// The event loop's clock, which an embedded channel's virtual time moves in tests.
	private Ticker ticker = Ticker.systemTicker();

	private ScheduledFuture<?> heartbeat;

	private ScheduledFuture<?> liveness;

	ConnectionHandler(PeerConnection connection, ConnectionListener listener, TransportObserver observer,
			long intervalNanos, long timeoutNanos) {
		this.connection = connection;
		this.listener = listener;
		this.observer = observer;
		this.intervalNanos = intervalNanos;
		this.timeoutNanos = timeoutNanos;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ticker = ctx.executor().ticker();
		this.lastReadNanos = this.ticker.nanoTime();
		this.heartbeat = ctx.executor().scheduleAtFixedRate(() -> beat(ctx), this.intervalNanos, this.intervalNanos,
				TimeUnit.NANOSECONDS);
		this.liveness = ctx.executor().schedule(() -> checkLiveness(ctx), this.timeoutNanos, TimeUnit.NANOSECONDS);
	}

	private void beat(ChannelHandlerContext ctx) {
		// A peer that stopped reading must not make us buffer without bound.
		if (ctx.channel().isWritable()) {
			ctx.writeAndFlush(new Message.Ping(this.ticker.nanoTime()), ctx.voidPromise());
		}
	}

	// Runs when the peer may have been silent for the whole timeout, so that a hung peer is down after
	// exactly the timeout rather than at the next heartbeat after it (up to one interval later). A frame
	// that came meanwhile moves the deadline; it is rescheduled here, not on every frame, as Netty's
	// IdleStateHandler does.
	private void checkLiveness(ChannelHandlerContext ctx) {
		if (!ctx.channel().config().isAutoRead()) {
			// This node stopped reading (its handlers fall behind): the silence is ours, not the peer's.
			this.lastReadNanos = this.ticker.nanoTime();
		}
		long silentFor = this.ticker.nanoTime() - this.lastReadNanos;
		if (silentFor >= this.timeoutNanos) {
			this.connection.closeReasonIfUnset(Reason.HEARTBEAT_TIMEOUT);
			ctx.close();
			return;
		}
		this.liveness = ctx.executor().schedule(() -> checkLiveness(ctx), this.timeoutNanos - silentFor,
				TimeUnit.NANOSECONDS);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, Message message) {
		this.lastReadNanos = this.ticker.nanoTime();
		if (message instanceof Message.Ping ping) {
			ctx.writeAndFlush(new Message.Pong(ping.nanos()), ctx.voidPromise());
		}
		else if (message instanceof Message.Pong pong) {
			long rtt = this.lastReadNanos - pong.nanos();
			if (rtt >= 0 && rtt < TimeUnit.MINUTES.toNanos(1)) {
				this.connection.rttNanos(rtt);
				this.observer.heartbeat(Duration.ofNanos(rtt));
			}
		}
		else if (message instanceof Message.Members members) {
			this.listener.members(this.connection, members);
		}
		else if (message instanceof Message.Leave) {
			this.connection.closeReasonIfUnset(Reason.LEFT);
			ctx.close();
		}
		else if (MessageCodec.isHandshake(message)) {
			this.connection.closeReasonIfUnset(Reason.PROTOCOL_ERROR);
			logger.warn("Closing the connection to {}: unexpected {} after the handshake", this.connection,
					message.getClass().getSimpleName());
			ctx.close();
		}
		else {
			// A registered type this handler does not serve (messaging, say): for the handlers after it.
			ctx.fireChannelRead(message);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.heartbeat != null) {
			this.heartbeat.cancel(false);
		}
		if (this.liveness != null) {
			this.liveness.cancel(false);
		}
		this.listener.closed(this.connection, this.connection.markClosed());
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof IOException) {
			logger.debug("I/O error on the connection to {}: {}", this.connection, cause.getMessage());
			this.connection.closeReasonIfUnset(Reason.CONNECTION_CLOSED);
		}
		else if (cause instanceof FrameMacException) {
			logger.warn("Closing the connection to {}: {}", this.connection, cause.getMessage());
			this.connection.closeReasonIfUnset(Reason.BAD_FRAME_MAC);
			this.observer.frameRejected();
		}
		else {
			logger.warn("Closing the connection to {}: {}", this.connection, cause.getMessage());
			this.connection.closeReasonIfUnset(Reason.PROTOCOL_ERROR);
		}
		ctx.close();
	}

}
