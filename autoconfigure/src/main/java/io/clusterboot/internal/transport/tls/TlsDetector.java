package io.clusterboot.internal.transport.tls;

import java.util.List;

import io.clusterboot.Reason;
import io.clusterboot.internal.transport.codec.TlsMismatchException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * First handler of an inbound connection to a TLS node: a TLS client hello goes on to TLS, anything
 * else is a plaintext peer, which is told {@link Reason#TLS_REQUIRED} in plaintext (it could read
 * nothing else) rather than fail on bytes it cannot parse.
 */
public final class TlsDetector extends ByteToMessageDecoder {

	/** The content type of a TLS handshake record, the first byte a TLS client sends. */
	static final int HANDSHAKE_RECORD = 22;

	private final TransportTls tls;

	private boolean refused;

	/**
	 * Creates the detector of one connection.
	 * @param tls the node's TLS
	 */
	public TlsDetector(TransportTls tls) {
		this.tls = tls;
	}

	/**
	 * Whether the first byte has not come yet: whatever is written now would reach a peer that may
	 * speak TLS, so a refusal cannot be told in plaintext.
	 * @return {@code true} before the first byte
	 */
	public boolean isUndecided() {
		return !this.refused;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.refused) {
			// Nothing a plaintext peer sends after its first byte reaches the handshake.
			in.skipBytes(in.readableBytes());
			return;
		}
		if (!in.isReadable()) {
			return;
		}
		if (in.getUnsignedByte(in.readerIndex()) == HANDSHAKE_RECORD) {
			// What was read so far goes on to the TLS handler, which checks the record itself.
			ctx.pipeline().replace(this, "tls", this.tls.listenerHandler(ctx.alloc()));
			return;
		}
		in.skipBytes(in.readableBytes());
		this.refused = true;
		ctx.fireExceptionCaught(new TlsMismatchException(Reason.TLS_REQUIRED,
				"the peer spoke plaintext to this TLS node: set cluster.transport.ssl.bundle on the peer too"));
	}

}
