package io.clusterboot.internal.transport.codec;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the wire protocol.
 */
public final class Protocol {

	/** Each side starts with these four bytes, so a stray HTTP client or port scanner is refused at once. */
	public static final byte[] MAGIC = "CLBT".getBytes(StandardCharsets.US_ASCII);

	/**
	 * The highest protocol version this node speaks, sent right after {@link #MAGIC}. Version 1 is
	 * membership: heartbeats, member lists and LEAVE; version 2 adds messaging (MESSAGE, REQUEST,
	 * REPLY and GROUPS frames).
	 */
	public static final int VERSION = 2;

	/**
	 * The lowest protocol version this node speaks. The preface and the handshake frames keep their
	 * form in every version, so a node reads any peer's handshake, from an older or a newer release,
	 * and the pair settles on the highest version both speak; a pair with none in common is refused
	 * with a reason that names both ranges. A release keeps the previous release's versions, so nodes
	 * of two adjacent releases form one cluster during a rolling upgrade.
	 */
	public static final int MIN_VERSION = 1;

	/** The first version with messaging frames. */
	public static final int MESSAGING_VERSION = 2;

	/** The optional features this node offers in the handshake, one bit each; none are defined yet. */
	public static final long CAPABILITIES = 0;

	/** Bytes in the preface: magic and version. */
	public static final int PREFACE_LENGTH = MAGIC.length + 1;

	/**
	 * Largest frame accepted before the handshake completes. Handshake messages are small, so an
	 * unauthenticated peer cannot make a node buffer more than this.
	 */
	public static final int MAX_HANDSHAKE_FRAME = 2048;

	private Protocol() {
	}

	/**
	 * The bytes each side sends first.
	 * @return a new array: {@link #MAGIC} and {@link #VERSION}
	 */
	public static byte[] preface() {
		byte[] preface = new byte[PREFACE_LENGTH];
		System.arraycopy(MAGIC, 0, preface, 0, MAGIC.length);
		preface[MAGIC.length] = (byte) VERSION;
		return preface;
	}

}
