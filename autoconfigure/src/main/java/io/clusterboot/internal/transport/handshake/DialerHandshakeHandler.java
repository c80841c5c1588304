package io.clusterboot.internal.transport.handshake;

import java.time.Duration;
import java.util.List;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.codec.FrameDecoder;
import io.clusterboot.internal.transport.codec.FrameEncoder;
import io.clusterboot.internal.transport.codec.FrameMac;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.Protocol;
import io.netty.channel.ChannelHandlerContext;

/**
 * The dialling side: {@code HELLO} → (CHALLENGE) → {@code PROOF} → (ACCEPT). It accepts the peer only
 * after checking the listener's proof, so a listener without the cookie is never trusted.
 */
public final class DialerHandshakeHandler extends HandshakeHandler {

	private final byte[] nonce = nonce();

	private Message.Hello hello;

	private Message.Challenge challenge;

	private NodeName claimed;

	public DialerHandshakeHandler(LocalIdentity local, Admission admission, Duration timeout,
			HandshakeOutcome outcome) {
		super(local, admission, timeout, outcome);
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		writePreface(ctx);
		this.hello = new Message.Hello(this.local.name().toString(), this.nonce, this.local.listenPort(),
				this.local.incarnation(), Protocol.MIN_VERSION, Protocol.VERSION, 0, this.local.cookies().ids());
		ctx.writeAndFlush(this.hello);
		super.channelActive(ctx);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, Message message) {
		if (message instanceof Message.Reject reject) {
			peerRejected(ctx, reject);
		}
		else if (message instanceof Message.Challenge received && this.challenge == null) {
			onChallenge(ctx, received);
		}
		else if (message instanceof Message.Accept accept && this.challenge != null) {
			onAccept(ctx, accept);
		}
		else {
			unexpected(ctx, message);
		}
	}

	// Nothing in a CHALLENGE is believed before the listener proves the cookie in ACCEPT: a stranger
	// can claim any name and incarnation (ours included, read from our HELLO). Only our own listener's
	// challenge is recognised at once, by its nonce, which nobody else can know.
	private void onChallenge(ChannelHandlerContext ctx, Message.Challenge received) {
		NodeName name;
		try {
			name = NodeName.parse(received.name());
		}
		catch (IllegalArgumentException ex) {
			fail(ctx, Reason.INVALID_NAME, ex.getMessage(), true);
			return;
		}
		if (name.equals(this.local.name()) && received.incarnation() == this.local.incarnation()
				&& ListenerHandshakeHandler.isOutstanding(received.nonce())) {
			this.peer = name;
			fail(ctx, Reason.SELF, "this node's own listener", true);
			return;
		}
		if (received.version() < Protocol.MIN_VERSION || received.version() > Protocol.VERSION) {
			fail(ctx, Reason.INCOMPATIBLE_VERSION, "the listener chose version " + received.version()
					+ ", this node speaks " + Protocol.MIN_VERSION + " to " + Protocol.VERSION, true);
			return;
		}
		List<Cookie> cookies = this.local.cookies().all();
		int index = received.cookieIndex();
		if (index != Message.Challenge.NO_COOKIE && index >= cookies.size()) {
			fail(ctx, Reason.PROTOCOL_ERROR, "the listener picked cookie " + index + " of " + cookies.size(), false);
			return;
		}
		useCookie((index == Message.Challenge.NO_COOKIE) ? this.local.cookies().primary() : cookies.get(index));
		this.challenge = received;
		this.claimed = name;
		ctx.writeAndFlush(new Message.Proof(this.proofs.dialerProof(this.hello, received)));
	}

	private void onAccept(ChannelHandlerContext ctx, Message.Accept accept) {
		byte[] expected = this.proofs.listenerProof(this.hello, this.challenge);
		if (!HandshakeProofs.matches(expected, accept.mac())) {
			fail(ctx, Reason.BAD_COOKIE, "the listener did not prove the cookie", false);
			return;
		}
		// Authenticated: its name and incarnation are now facts, and may refuse it.
		this.peer = this.claimed;
		Reason refusal = this.admission.refusal(this.peer, this.challenge.incarnation());
		if (refusal != null) {
			fail(ctx, refusal, "the listener is " + this.peer, false);
			return;
		}
		HandshakeProofs.FrameKeys keys = this.proofs.frameKeys(this.hello, this.challenge);
		ctx.pipeline().get(FrameDecoder.class).authenticate(new FrameMac(keys.listenerToDialer()));
		ctx.pipeline().get(FrameEncoder.class).authenticate(new FrameMac(keys.dialerToListener()));
		succeed(ctx, new PeerIdentity(this.peer, this.challenge.incarnation(), 0, this.challenge.version(), this.cookie));
	}

}
