package io.clusterboot.transport.handshake;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.clusterboot.NodeName;
import io.clusterboot.transport.codec.FrameDecoder;
import io.clusterboot.transport.codec.Message;
import io.clusterboot.transport.codec.MessageCodec;
import io.clusterboot.transport.codec.Protocol;
import io.clusterboot.transport.codec.ProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * What both sides of the handshake share: the deadline, failure handling, and the nonces. The
 * handler removes itself once the peer is authenticated.
 */
abstract class HandshakeHandler extends SimpleChannelInboundHandler<Message> {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Pattern REASON = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

	protected final LocalIdentity local;

	protected final HandshakeProofs proofs;

	protected final Admission admission;

	private final Duration timeout;

	private final HandshakeOutcome outcome;

	private ScheduledFuture<?> deadline;

	private boolean finished;

	/** The peer's claimed name once known, for failure reports. */
	protected NodeName peer;

	HandshakeHandler(LocalIdentity local, Admission admission, Duration timeout, HandshakeOutcome outcome) {
		this.local = local;
		this.proofs = new HandshakeProofs(local.cookie());
		this.admission = admission;
		this.timeout = timeout;
		this.outcome = outcome;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.deadline = ctx.executor().schedule(
				() -> fail(ctx, "handshake-timeout", "no complete handshake within " + this.timeout, false),
				this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		fail(ctx, "connection-closed", "closed during the handshake", false);
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof FrameDecoder.UnsupportedVersionException) {
			fail(ctx, "version-mismatch", cause.getMessage(), false);
		}
		else if (cause instanceof ProtocolException || cause.getCause() instanceof ProtocolException) {
			fail(ctx, "protocol-error", cause.getMessage(), false);
		}
		else if (cause instanceof IOException) {
			fail(ctx, "connection-closed", cause.getMessage(), false);
		}
		else {
			fail(ctx, "protocol-error", cause.toString(), false);
		}
	}

	protected final void fail(ChannelHandlerContext ctx, String reason, String detail, boolean tellPeer) {
		if (this.finished) {
			return;
		}
		this.finished = true;
		cancelDeadline();
		if (tellPeer && ctx.channel().isActive()) {
			ctx.writeAndFlush(new Message.Reject(reason)).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ctx.close();
		}
		this.outcome.failed(ctx.channel(), new HandshakeFailedException(reason, detail, this.peer));
	}

	protected final void succeed(ChannelHandlerContext ctx, PeerIdentity peer) {
		this.finished = true;
		cancelDeadline();
		this.outcome.succeeded(ctx, peer);
	}

	protected final void peerRejected(ChannelHandlerContext ctx, Message.Reject reject) {
		String reason = REASON.matcher(reject.reason()).matches() ? reject.reason() : "protocol-error";
		fail(ctx, reason, "refused by the peer", false);
	}

	protected final void unexpected(ChannelHandlerContext ctx, Message message) {
		fail(ctx, "protocol-error", "unexpected " + message.getClass().getSimpleName() + " during the handshake",
				false);
	}

	/**
	 * Parses a name that came from the network, refusing the handshake if it is not valid.
	 * @return the name, or {@code null} after failing the handshake
	 */
	protected final NodeName peerName(ChannelHandlerContext ctx, String text) {
		try {
			this.peer = NodeName.parse(text);
			return this.peer;
		}
		catch (IllegalArgumentException ex) {
			fail(ctx, "invalid-name", ex.getMessage(), true);
			return null;
		}
	}

	protected static void writePreface(ChannelHandlerContext ctx) {
		byte[] preface = new byte[Protocol.PREFACE_LENGTH];
		System.arraycopy(Protocol.MAGIC, 0, preface, 0, Protocol.MAGIC.length);
		preface[Protocol.MAGIC.length] = (byte) Protocol.VERSION;
		ctx.write(Unpooled.wrappedBuffer(preface));
	}

	protected static byte[] nonce() {
		byte[] nonce = new byte[MessageCodec.NONCE_LENGTH];
		RANDOM.nextBytes(nonce);
		return nonce;
	}

	private void cancelDeadline() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
		}
	}

}
