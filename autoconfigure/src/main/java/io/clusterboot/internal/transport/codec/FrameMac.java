package io.clusterboot.internal.transport.codec;

import java.security.MessageDigest;

import javax.crypto.Mac;

import io.netty.buffer.ByteBuf;

/**
 * Authenticates the frames of one direction of one connection after the handshake: a 16-byte
 * HMAC-SHA256 tag over an implicit sequence number, the type and the body. The sequence number is
 * not sent; each side counts, so a frame that is injected, replayed, reordered or dropped makes the
 * next tag fail. Not thread-safe: one instance per direction, used on the channel's event loop.
 */
public final class FrameMac {

	/** Bytes of the tag that ends every authenticated frame. */
	public static final int TAG_LENGTH = 16;

	private final Mac mac;

	private long sequence;

	/**
	 * Creates the MAC of one direction.
	 * @param key the direction's key, derived from the handshake
	 */
	public FrameMac(byte[] key) {
		this.mac = HmacSha256.keyed(key);
	}

	/**
	 * Computes the tag of the next frame and counts it.
	 * @param frame the type byte and the body, from its reader index to its writer index (not consumed)
	 * @return the tag
	 */
	byte[] next(ByteBuf frame) {
		long seq = this.sequence++;
		for (int shift = 56; shift >= 0; shift -= 8) {
			this.mac.update((byte) (seq >>> shift));
		}
		this.mac.update(frame.nioBuffer(frame.readerIndex(), frame.readableBytes()));
		byte[] full = this.mac.doFinal();
		byte[] tag = new byte[TAG_LENGTH];
		System.arraycopy(full, 0, tag, 0, TAG_LENGTH);
		return tag;
	}

	/**
	 * Checks the tag of the next frame, in constant time, and counts it.
	 * @param frame the type byte and the body (not consumed)
	 * @param tag the tag that came with it
	 * @return whether it is the next frame the peer sent
	 */
	boolean verify(ByteBuf frame, byte[] tag) {
		return MessageDigest.isEqual(next(frame), tag);
	}

}
