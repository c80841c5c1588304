package io.clusterboot.internal.transport.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link Message}s as frames: {@code length:u32 | type:u8 | body}, and once the handshake has
 * given the connection its keys, {@code | tag:16} (see {@link FrameMac}). One per channel.
 */
public final class FrameEncoder extends MessageToByteEncoder<Message> {

	private FrameMac mac;

	/**
	 * Authenticates every frame written from now on. Call it on the channel's event loop, right after
	 * the last frame of the handshake was written.
	 * @param mac the MAC of this side's direction
	 */
	public void authenticate(FrameMac mac) {
		this.mac = mac;
	}

	@Override
	protected void encode(ChannelHandlerContext ctx, Message message, ByteBuf out) {
		int start = out.writerIndex();
		out.writeInt(0);
		MessageCodec.encode(message, out);
		if (this.mac != null) {
			out.writeBytes(this.mac.next(out.slice(start + 4, out.writerIndex() - start - 4)));
		}
		out.setInt(start, out.writerIndex() - start - 4);
	}

}
