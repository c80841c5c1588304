package io.clusterboot.internal.transport.handshake;

import java.time.Duration;

import io.clusterboot.Reason;
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

	private Message.Challenge challenge;

	public DialerHandshakeHandler(LocalIdentity local, Admission admission, Duration timeout,
			HandshakeOutcome outcome) {
		super(local, admission, timeout, outcome);
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		writePreface(ctx);
		ctx.writeAndFlush(new Message.Hello(this.local.name().toString(), this.nonce, this.local.listenPort(),
				this.local.incarnation()));
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

	private void onChallenge(ChannelHandlerContext ctx, Message.Challenge received) {
		this.peer = peerName(ctx, received.name());
		if (this.peer == null) {
			return;
		}
		Reason refusal = this.admission.refusal(this.peer, received.incarnation(), true);
		if (refusal != null) {
			fail(ctx, refusal, "listener is " + this.peer, true);
			return;
		}
		if (received.version() < Protocol.MIN_VERSION || received.version() > Protocol.VERSION) {
			fail(ctx, Reason.VERSION_MISMATCH, "the listener chose version " + received.version()
					+ ", this node speaks " + Protocol.MIN_VERSION + " to " + Protocol.VERSION, true);
			return;
		}
		this.challenge = received;
		byte[] proof = this.proofs.dialerProof(received.nonce(), this.nonce, this.local.name().toString(),
				received.name());
		ctx.writeAndFlush(new Message.Proof(proof));
	}

	private void onAccept(ChannelHandlerContext ctx, Message.Accept accept) {
		byte[] expected = this.proofs.listenerProof(this.nonce, this.challenge.nonce(), this.challenge.name(),
				this.local.name().toString());
		if (!HandshakeProofs.matches(expected, accept.mac())) {
			fail(ctx, Reason.BAD_COOKIE, "the listener did not prove the cookie", false);
			return;
		}
		HandshakeProofs.FrameKeys keys = this.proofs.frameKeys(this.nonce, this.challenge.nonce(),
				this.local.name().toString(), this.challenge.name());
		ctx.pipeline().get(FrameDecoder.class).authenticate(new FrameMac(keys.listenerToDialer()));
		ctx.pipeline().get(FrameEncoder.class).authenticate(new FrameMac(keys.dialerToListener()));
		succeed(ctx, new PeerIdentity(this.peer, this.challenge.incarnation(), 0, this.challenge.version()));
	}

}
