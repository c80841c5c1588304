package io.clusterboot.internal.transport.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link Message}s as frames: {@code length:u32 | type:u8 | body}.
 */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<Message> {

	/** The one instance; the encoder has no state. */
	public static final FrameEncoder INSTANCE = new FrameEncoder();

	private FrameEncoder() {
	}

	@Override
	protected void encode(ChannelHandlerContext ctx, Message message, ByteBuf out) {
		int start = out.writerIndex();
		out.writeInt(0);
		MessageCodec.encode(message, out);
		out.setInt(start, out.writerIndex() - start - 4);
	}

}
