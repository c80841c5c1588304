package io.clusterboot.internal.transport.handshake;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.Durations;
import io.clusterboot.internal.transport.codec.FrameDecoder;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.MessageCodec;
import io.clusterboot.internal.transport.codec.Protocol;
import io.clusterboot.internal.transport.codec.ProtocolException;
import io.clusterboot.internal.transport.codec.TlsMismatchException;
import io.clusterboot.internal.transport.tls.TlsDetector;
import io.clusterboot.internal.transport.tls.TlsFailures;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * What both sides of the handshake share: the deadline, failure handling, and the nonces. The
 * handler removes itself once the peer is authenticated.
 */
abstract class HandshakeHandler extends SimpleChannelInboundHandler<Message> {

	private static final SecureRandom RANDOM = new SecureRandom();

	protected final LocalIdentity local;

	// Keyed by the cookie both sides settled on, once the CHALLENGE has said which.
	protected HandshakeProofs proofs;

	protected Cookie cookie;

	protected final Admission admission;

	private final Duration timeout;

	private final HandshakeOutcome outcome;

	private ScheduledFuture<?> deadline;

	private boolean finished;

	private boolean prefaceSent;

	private ChannelHandlerContext context;

	/** The peer's claimed name once known, for failure reports. */
	protected NodeName peer;

	HandshakeHandler(LocalIdentity local, Admission admission, Duration timeout, HandshakeOutcome outcome) {
		this.local = local;
		this.admission = admission;
		this.timeout = timeout;
		this.outcome = outcome;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
		this.deadline = ctx.executor().schedule(
				() -> fail(ctx, Reason.HANDSHAKE_TIMEOUT, "no complete handshake within " + Durations.human(this.timeout), false),
				this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	// The deadline must not outlive the handler: a timer left behind would later report a spurious
	// handshake-timeout for a connection that ended otherwise.
	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancelDeadline();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		fail(ctx, Reason.CONNECTION_CLOSED, "closed during the handshake", false);
		super.channelInactive(ctx);
	}

	// After a failure the connection is closing; nothing the peer still sends is answered.
	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
		if (this.finished) {
			io.netty.util.ReferenceCountUtil.release(message);
			return;
		}
		super.channelRead(ctx, message);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof SslHandshakeCompletionEvent tls) {
			if (!tls.isSuccess()) {
				if (TlsFailures.reason(tls.cause()) != null) {
					failTls(ctx, tls.cause());
				}
				else {
					// Not TLS's verdict: the connection closed, or the deadline passed, meanwhile.
					exceptionCaught(ctx, tls.cause());
				}
			}
			else {
				checkPeerCertificateStillValid(ctx);
			}
		}
		ctx.fireUserEventTriggered(event);
	}

	// A resumed TLS session skips the certificate checks: a peer whose certificate expired since
	// must not come back that way.
	private void checkPeerCertificateStillValid(ChannelHandlerContext ctx) {
		SslHandler tls = ctx.pipeline().get(SslHandler.class);
		try {
			java.security.cert.Certificate[] chain = tls.engine().getSession().getPeerCertificates();
			if (chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate certificate) {
				certificate.checkValidity();
			}
		}
		catch (java.security.cert.CertificateException ex) {
			fail(ctx, Reason.BAD_CERTIFICATE, "the peer's certificate is no longer valid: " + ex.getMessage(), false);
		}
		catch (javax.net.ssl.SSLPeerUnverifiedException ex) {
			fail(ctx, Reason.BAD_CERTIFICATE, "the peer presented no certificate", false);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		TlsMismatchException mismatch = mismatch(cause);
		if (mismatch != null) {
			// Told in plaintext, unless this side dialled with TLS: a plaintext peer reads it as a REJECT, a
			// TLS dialler sees the plaintext preface and calls it a peer without TLS.
			fail(ctx, mismatch.reason(), mismatch.getMessage(), ctx.pipeline().get(SslHandler.class) == null);
		}
		else if (TlsFailures.reason(cause) != null) {
			failTls(ctx, cause);
		}
		else if (cause instanceof FrameDecoder.UnsupportedVersionException
				|| cause.getCause() instanceof FrameDecoder.UnsupportedVersionException) {
			// Said to the dialler too, after our own preface, so that it logs why instead of a bare close.
			fail(ctx, Reason.INCOMPATIBLE_VERSION, cause.getMessage(), true);
		}
		else if (cause instanceof ProtocolException || cause.getCause() instanceof ProtocolException) {
			fail(ctx, Reason.PROTOCOL_ERROR, cause.getMessage(), false);
		}
		else if (cause instanceof IOException) {
			fail(ctx, Reason.CONNECTION_CLOSED, cause.getMessage(), false);
		}
		else {
			fail(ctx, Reason.PROTOCOL_ERROR, cause.getClass().getSimpleName(), false);
		}
	}

	private static TlsMismatchException mismatch(Throwable cause) {
		if (cause instanceof TlsMismatchException mismatch) {
			return mismatch;
		}
		return (cause.getCause() instanceof TlsMismatchException mismatch) ? mismatch : null;
	}

	// The TLS handler has sent its alert and closes the connection: nothing more can be said to the peer.
	private void failTls(ChannelHandlerContext ctx, Throwable cause) {
		Reason reason = TlsFailures.reason(cause);
		if (reason == Reason.TLS_UNEXPECTED) {
			fail(ctx, reason, "the peer answered without TLS: set cluster.transport.ssl.bundle on the peer too, "
					+ "or remove it here", false);
		}
		else {
			fail(ctx, (reason != null) ? reason : Reason.TLS_FAILED, TlsFailures.describe(cause), false);
		}
	}

	/**
	 * Ends the handshake.
	 * @param tellPeer whether to send {@code REJECT reason} before closing, so that the peer can log
	 * why; after this side's preface, which the peer needs to read any frame
	 */
	protected final void fail(ChannelHandlerContext ctx, Reason reason, String detail, boolean tellPeer) {
		fail(ctx, new HandshakeFailedException(reason, detail, this.peer, false), tellPeer);
	}

	private void fail(ChannelHandlerContext ctx, HandshakeFailedException failure, boolean tellPeer) {
		if (this.finished) {
			return;
		}
		this.finished = true;
		cancelDeadline();
		TlsDetector detector = ctx.pipeline().get(TlsDetector.class);
		// Before the first byte of a peer of a TLS node, a plaintext REJECT could reach a TLS dialler.
		if (tellPeer && ctx.channel().isActive() && (detector == null || !detector.isUndecided())) {
			writePreface(ctx);
			ctx.writeAndFlush(new Message.Reject(failure.reason().id())).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ctx.close();
		}
		this.outcome.failed(ctx.channel(), failure);
	}

	/**
	 * Refuses the peer from outside the handler, e.g. to make room for another connection. Call it on
	 * the channel's event loop.
	 * @param reason the reason the peer is told
	 * @param detail what to log
	 */
	public final void refuse(Reason reason, String detail) {
		if (this.context != null) {
			fail(this.context, reason, detail, true);
		}
	}

	/**
	 * Settles the cookie both sides prove with.
	 * @param cookie the cookie
	 */
	protected final void useCookie(Cookie cookie) {
		this.cookie = cookie;
		this.proofs = new HandshakeProofs(cookie);
	}

	protected final void succeed(ChannelHandlerContext ctx, PeerIdentity peer) {
		this.finished = true;
		cancelDeadline();
		this.outcome.succeeded(ctx, peer);
	}

	// The peer's text never becomes a key of anything: it maps to the closed set of reasons.
	protected final void peerRejected(ChannelHandlerContext ctx, Message.Reject reject) {
		fail(ctx, new HandshakeFailedException(Reason.fromWire(reject.reason()), "refused by the peer", this.peer, true),
				false);
	}

	protected final void unexpected(ChannelHandlerContext ctx, Message message) {
		fail(ctx, Reason.PROTOCOL_ERROR,
				"unexpected " + message.getClass().getSimpleName() + " during the handshake", false);
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
			fail(ctx, Reason.INVALID_NAME, ex.getMessage(), true);
			return null;
		}
	}

	/** Writes this side's preface, once. */
	protected final void writePreface(ChannelHandlerContext ctx) {
		if (this.prefaceSent) {
			return;
		}
		this.prefaceSent = true;
		ctx.write(Unpooled.wrappedBuffer(Protocol.preface()));
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
