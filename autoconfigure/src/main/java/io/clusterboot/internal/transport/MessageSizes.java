package io.clusterboot.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.MessageSizeEstimator;

import io.clusterboot.internal.transport.codec.Message;

/**
 * Tells Netty how many bytes a message written to a channel will take, before it is encoded. Netty's
 * default counts an object it does not know as 8 bytes, so a thread writing large messages from
 * outside the event loop would queue them without the channel ever becoming unwritable.
 */
final class MessageSizes implements MessageSizeEstimator {

	static final MessageSizes INSTANCE = new MessageSizes();

	private static final int FRAME_OVERHEAD = 64;

	private static final Handle HANDLE = (message) -> {
		if (message instanceof ByteBuf buf) {
			return buf.readableBytes();
		}
		if (message instanceof Message.Data data) {
			return FRAME_OVERHEAD + data.payload().length;
		}
		if (message instanceof Message.Request request) {
			return FRAME_OVERHEAD + request.payload().length;
		}
		if (message instanceof Message.Reply reply) {
			return FRAME_OVERHEAD + reply.payload().length;
		}
		return FRAME_OVERHEAD;
	};

	private MessageSizes() {
	}

	@Override
	public Handle newHandle() {
		return HANDLE;
	}

}
