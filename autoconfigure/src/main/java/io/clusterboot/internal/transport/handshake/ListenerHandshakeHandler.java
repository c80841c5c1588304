package io.clusterboot.internal.transport.handshake;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.clusterboot.Reason;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.codec.FrameDecoder;
import io.clusterboot.internal.transport.codec.FrameEncoder;
import io.clusterboot.internal.transport.codec.FrameMac;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.Protocol;
import io.netty.channel.ChannelHandlerContext;

/**
 * The accepting side: (HELLO) → {@code CHALLENGE} → (PROOF) → {@code ACCEPT}. It proves itself only
 * after the dialer's proof checked out, so it cannot be used as an oracle for proofs, and it says
 * nothing about its members (a name conflict, say) before then, so a stranger learns nothing.
 */
public final class ListenerHandshakeHandler extends HandshakeHandler {

	// The nonces of this JVM's listeners' open challenges, so that a dialler can tell its own node's
	// listener (a node listed among its own peers) from a stranger claiming its name. Bounded by the
	// pending handshakes, as each is removed with its handler.
	private static final Set<ByteBuffer> OUTSTANDING = ConcurrentHashMap.newKeySet();

	private final byte[] nonce = nonce();

	private Message.Hello hello;

	private Message.Challenge challenge;

	private int version;

	public ListenerHandshakeHandler(LocalIdentity local, Admission admission, Duration timeout,
			HandshakeOutcome outcome) {
		super(local, admission, timeout, outcome);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, Message message) {
		if (message instanceof Message.Reject reject) {
			peerRejected(ctx, reject);
		}
		else if (message instanceof Message.Hello received && this.hello == null) {
			onHello(ctx, received);
		}
		else if (message instanceof Message.Proof proof && this.hello != null) {
			onProof(ctx, proof);
		}
		else {
			unexpected(ctx, message);
		}
	}

	static boolean isOutstanding(byte[] nonce) {
		return OUTSTANDING.contains(ByteBuffer.wrap(nonce));
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		OUTSTANDING.remove(ByteBuffer.wrap(this.nonce));
		super.handlerRemoved(ctx);
	}

	private void onHello(ChannelHandlerContext ctx, Message.Hello received) {
		writePreface(ctx);
		this.peer = peerName(ctx, received.name());
		if (this.peer == null) {
			return;
		}
		if (received.listenPort() < 1) {
			fail(ctx, Reason.PROTOCOL_ERROR, "the dialer announced listener port 0", true);
			return;
		}
		int version = Math.min(received.maxVersion(), Protocol.VERSION);
		if (version < Math.max(received.minVersion(), Protocol.MIN_VERSION)) {
			fail(ctx, Reason.INCOMPATIBLE_VERSION, "the dialer speaks versions " + received.minVersion() + " to "
					+ received.maxVersion() + ", this node " + Protocol.MIN_VERSION + " to " + Protocol.VERSION, true);
			return;
		}
		// The first of the dialler's cookies this node knows; with none, its own, and the proof will fail.
		int index = Message.Challenge.NO_COOKIE;
		Cookie cookie = this.local.cookies().primary();
		for (int i = 0; i < received.cookieIds().size(); i++) {
			Cookie known = this.local.cookies().find(received.cookieIds().get(i));
			if (known != null) {
				index = i;
				cookie = known;
				break;
			}
		}
		useCookie(cookie);
		this.hello = received;
		this.version = version;
		this.challenge = new Message.Challenge(this.local.name().toString(), this.nonce, this.local.incarnation(),
				version, received.capabilities() & Protocol.CAPABILITIES, index);
		OUTSTANDING.add(ByteBuffer.wrap(this.nonce));
		ctx.writeAndFlush(this.challenge);
	}

	private void onProof(ChannelHandlerContext ctx, Message.Proof proof) {
		byte[] expected = this.proofs.dialerProof(this.hello, this.challenge);
		if (!HandshakeProofs.matches(expected, proof.mac())) {
			fail(ctx, Reason.BAD_COOKIE, "the dialer did not prove the cookie", true);
			return;
		}
		Reason refusal = this.admission.refusal(this.peer, this.hello.incarnation());
		if (refusal != null) {
			fail(ctx, refusal, "the dialer is " + this.peer, true);
			return;
		}
		byte[] own = this.proofs.listenerProof(this.hello, this.challenge);
		HandshakeProofs.FrameKeys keys = this.proofs.frameKeys(this.hello, this.challenge);
		ctx.pipeline().get(FrameDecoder.class).authenticate(new FrameMac(keys.dialerToListener()));
		FrameEncoder encoder = ctx.pipeline().get(FrameEncoder.class);
		// Registered before ACCEPT leaves, so that this side knows the connection before the peer does.
		succeed(ctx, new PeerIdentity(this.peer, this.hello.incarnation(), this.hello.listenPort(), this.version,
				this.cookie));
		ctx.writeAndFlush(new Message.Accept(own));
		// ACCEPT is the last frame without a tag; anything written after it, from any thread, reaches
		// the encoder after this line, on this event loop.
		encoder.authenticate(new FrameMac(keys.listenerToDialer()));
	}

}
