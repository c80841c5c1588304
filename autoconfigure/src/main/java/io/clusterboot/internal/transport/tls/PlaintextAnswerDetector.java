package io.clusterboot.internal.transport.tls;

import java.util.List;

import io.clusterboot.Reason;
import io.clusterboot.internal.transport.codec.Protocol;
import io.clusterboot.internal.transport.codec.TlsMismatchException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * First handler of a TLS dial: a peer that answers with the plaintext preface does not use TLS. The
 * TLS handler cannot say so itself: the preface's bytes read as the start of an old-style record, so
 * it would wait for the rest of it until the peer closes, and report a closed connection.
 */
public final class PlaintextAnswerDetector extends ByteToMessageDecoder {

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (!in.isReadable()) {
			return;
		}
		if (in.getByte(in.readerIndex()) != Protocol.MAGIC[0]) {
			// What was read goes on to the TLS handler.
			ctx.pipeline().remove(this);
			return;
		}
		in.skipBytes(in.readableBytes());
		ctx.pipeline().remove(this);
		ctx.fireExceptionCaught(new TlsMismatchException(Reason.TLS_UNEXPECTED,
				"the peer answered without TLS: set cluster.transport.ssl.bundle on the peer too, or remove it here"));
	}

}
