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
 * <p>
 * Heartbeats are driven by {@link Heartbeats}, one timer per event loop. Of the two ends of a link,
 * the dialler pings at every tick and the acceptor answers; the acceptor pings itself only when it
 * answered no ping since its last tick (the dialler's pings stopped, say because its write buffer is
 * full of data for a slow reader: then the dialler hears from us only through our own pings), when
 * the peer has been silent for all but two intervals of the timeout, and every
 * {@value #ACCEPTOR_RTT_TICKS} ticks for a round-trip time of its own. So an idle link carries one
 * ping and one pong per interval rather than two of each, and each end still reads something every
 * interval. The wire is unchanged: a peer that pings at every tick is answered as before.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<Message> implements Heartbeats.Link {

	/** How often (in ticks) the accepting end of a link pings for a round-trip time of its own. */
	static final int ACCEPTOR_RTT_TICKS = 10;

	private static final Logger logger = LoggerFactory.getLogger(ConnectionHandler.class);

	private final PeerConnection connection;

	private final ConnectionListener listener;

	private final TransportObserver observer;

	private final Heartbeats heartbeats;

	private ChannelHandlerContext ctx;

	private long lastReadNanos;

	private boolean answeredSinceTick;

	private int ticksSinceOwnPing;

	// The event loop's clock, which an embedded channel's virtual time moves in tests.
	private Ticker ticker = Ticker.systemTicker();

	private ScheduledFuture<?> deadline;

	ConnectionHandler(PeerConnection connection, ConnectionListener listener, TransportObserver observer,
			Heartbeats heartbeats) {
		this.connection = connection;
		this.listener = listener;
		this.observer = observer;
		this.heartbeats = heartbeats;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.ticker = ctx.executor().ticker();
		this.lastReadNanos = this.ticker.nanoTime();
		// The acceptor's first tick asks for a round-trip time at once.
		this.ticksSinceOwnPing = ACCEPTOR_RTT_TICKS;
		this.heartbeats.add(ctx.executor(), this);
		armDeadline(this.lastReadNanos);
	}

	@Override
	public void tick(long now) {
		if (!this.ctx.channel().isActive() || !stillLive(now)) {
			return;
		}
		this.ticksSinceOwnPing++;
		boolean ping = this.connection.outbound() || !this.answeredSinceTick
				|| this.ticksSinceOwnPing >= ACCEPTOR_RTT_TICKS
				|| untilDeadline(now) < 2 * this.heartbeats.intervalNanos();
		this.answeredSinceTick = false;
		// A peer that stopped reading must not make us buffer without bound.
		if (ping && this.ctx.channel().isWritable()) {
			this.ticksSinceOwnPing = 0;
			this.ctx.writeAndFlush(new Message.Ping(now), this.ctx.voidPromise());
		}
		armDeadline(now);
	}

	// Whether the peer was heard from within the timeout; closes the connection if not.
	private boolean stillLive(long now) {
		if (!this.ctx.channel().config().isAutoRead()) {
			// This node stopped reading (its handlers fall behind): the silence is ours, not the peer's.
			this.lastReadNanos = now;
		}
		if (now - this.lastReadNanos >= this.heartbeats.timeoutNanos()) {
			this.connection.closeReasonIfUnset(Reason.HEARTBEAT_TIMEOUT);
			this.ctx.close();
			return false;
		}
		return true;
	}

	// How long the peer may still be silent before it is down.
	private long untilDeadline(long now) {
		return this.lastReadNanos + this.heartbeats.timeoutNanos() - now;
	}

	// A peer silent for the whole timeout is down at exactly the timeout, not at the first tick after
	// it (up to one interval later): when the deadline comes before the next tick, a timer is set for
	// it. A healthy link's deadline is beyond the next tick, so it costs nothing.
	private void armDeadline(long now) {
		long remaining = untilDeadline(now);
		if (this.deadline == null && remaining < this.heartbeats.intervalNanos()) {
			this.deadline = this.ctx.executor().schedule(() -> {
				this.deadline = null;
				long at = this.ticker.nanoTime();
				if (stillLive(at)) {
					armDeadline(at);
				}
			}, remaining, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, Message message) {
		this.lastReadNanos = this.ticker.nanoTime();
		if (message instanceof Message.Ping ping) {
			ctx.writeAndFlush(new Message.Pong(ping.nanos()), ctx.voidPromise());
			this.answeredSinceTick = true;
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
		this.heartbeats.remove(ctx.executor(), this);
		if (this.deadline != null) {
			this.deadline.cancel(false);
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
