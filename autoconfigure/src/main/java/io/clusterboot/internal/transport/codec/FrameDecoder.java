package io.clusterboot.internal.transport.codec;

import java.util.Arrays;
import java.util.List;

import io.clusterboot.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Reads the preface ({@code CLBT} and the version), then frames ({@code length:u32 | type:u8 | body})
 * into {@link Message}s. A length is checked before anything is buffered for it: a length over the
 * current limit fails at once, so a peer announcing 4 GiB costs nothing. The limit is small until
 * the handshake completes ({@link Protocol#MAX_HANDSHAKE_FRAME}) and is raised afterwards.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

	// The first byte of a TLS client hello; the magic starts with another.
	private static final int TLS_HANDSHAKE_RECORD = 22;

	private boolean prefaceRead;

	private boolean failed;

	private int maxFrameSize = Protocol.MAX_HANDSHAKE_FRAME;

	private int version = Protocol.MIN_VERSION;

	private FrameMac mac;

	/**
	 * Checks the tag of every frame read from now on, before the frame is decoded. Call it on the
	 * channel's event loop when the handshake's last frame has been read.
	 * @param mac the MAC of the peer's direction
	 */
	public void authenticate(FrameMac mac) {
		this.mac = mac;
	}

	/**
	 * Sets the protocol version the handshake chose: frame types of later versions are refused.
	 * @param version the connection's version
	 */
	public void version(int version) {
		this.version = version;
	}

	/**
	 * Sets the largest frame accepted from now on.
	 * @param maxFrameSize the limit in bytes, counting the type byte and the body
	 */
	public void maxFrameSize(int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.failed) {
			in.skipBytes(in.readableBytes()); // the connection is closing; report the error once
			return;
		}
		try {
			decodeFrames(in, out);
		}
		catch (ProtocolException ex) {
			this.failed = true;
			in.skipBytes(in.readableBytes());
			throw ex;
		}
	}

	private void decodeFrames(ByteBuf in, List<Object> out) {
		if (!this.prefaceRead) {
			if (!readPreface(in)) {
				return;
			}
		}
		// One frame per call: the frame that completes the handshake must reach the handshake handler,
		// which raises the limit, before the next frame is measured against the limit.
		if (in.readableBytes() >= 4) {
			long length = in.getUnsignedInt(in.readerIndex());
			if (length < 1) {
				throw new ProtocolException("empty frame");
			}
			int tag = (this.mac != null) ? FrameMac.TAG_LENGTH : 0;
			if (length > this.maxFrameSize + tag) {
				throw new ProtocolException("frame of " + length + " bytes exceeds the limit of " + this.maxFrameSize);
			}
			if (length < 1 + tag) {
				throw new ProtocolException("frame of " + length + " bytes is too short");
			}
			if (in.readableBytes() < 4 + length) {
				return;
			}
			in.skipBytes(4);
			ByteBuf frame = in.readSlice((int) length - tag);
			if (this.mac != null) {
				byte[] received = new byte[tag];
				in.readBytes(received);
				if (!this.mac.verify(frame, received)) {
					throw new FrameMacException();
				}
			}
			int type = frame.readUnsignedByte();
			out.add(MessageCodec.decode(type, frame, this.version));
		}
	}

	private boolean readPreface(ByteBuf in) {
		int available = Math.min(in.readableBytes(), Protocol.PREFACE_LENGTH);
		if (available > 0 && in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE_RECORD) {
			throw new TlsMismatchException(Reason.TLS_UNEXPECTED,
					"the peer speaks TLS to this plaintext node: set cluster.transport.ssl.bundle here too, "
							+ "or remove it on the peer");
		}
		// Reject a wrong magic as soon as its first byte is wrong, not only after five bytes arrive.
		for (int i = 0; i < Math.min(available, Protocol.MAGIC.length); i++) {
			if (in.getByte(in.readerIndex() + i) != Protocol.MAGIC[i]) {
				throw new ProtocolException("not a ClusterBoot peer (bad magic " + describe(in, available) + ")");
			}
		}
		if (available < Protocol.PREFACE_LENGTH) {
			return false;
		}
		// A newer peer's preface is read: its handshake says which versions it speaks, ours among them
		// perhaps. An older one than we speak has nothing in common with us.
		int version = in.getUnsignedByte(in.readerIndex() + Protocol.MAGIC.length);
		if (version < Protocol.MIN_VERSION) {
			throw new UnsupportedVersionException(version);
		}
		in.skipBytes(Protocol.PREFACE_LENGTH);
		this.prefaceRead = true;
		return true;
	}

	private static String describe(ByteBuf in, int available) {
		byte[] bytes = new byte[available];
		in.getBytes(in.readerIndex(), bytes);
		return Arrays.toString(bytes);
	}

	/**
	 * The peer speaks another protocol version.
	 */
	public static final class UnsupportedVersionException extends ProtocolException {

		public UnsupportedVersionException(int version) {
			super("the peer speaks protocol versions up to " + version + ", this node " + Protocol.MIN_VERSION + " to "
					+ Protocol.VERSION);
		}

	}

}
