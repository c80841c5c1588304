package io.clusterboot.internal.transport.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;

/**
 * The registry of frame types, and their bodies. Strings are {@code u16 length | UTF-8}, nonces and MACs are
 * 32 raw bytes, numbers are big-endian. Decoding checks every length against what is left in the
 * frame, so a malformed body fails with a {@link ProtocolException}, never an allocation.
 */
public final class MessageCodec {

	/** Bytes in a nonce and in an HMAC-SHA256 proof. */
	public static final int NONCE_LENGTH = 32;

	/** Bytes of a cookie id in a HELLO. */
	public static final int COOKIE_ID_LENGTH = 8;

	/** The most cookie ids a HELLO may carry. */
	public static final int MAX_COOKIE_IDS = 4;

	static final int MAX_STRING = 1024;

	static final int MAX_MEMBERS = 4096;

	static final int MAX_GROUPS = 256;

	private static final int MAX_PAYLOAD_KIND = 2;

	private static final int MAX_REPLY_STATUS = 2;

	private MessageCodec() {
	}

	/**
	 * Every frame type, in one place: a new message is a record in {@link Message} and a line here.
	 * Identifiers are never reused; a receiver hands types it does not handle itself up the pipeline.
	 */
	private static final List<FrameType<?>> TYPES = List.of(
			new FrameType<>(1, 1, Message.Hello.class, true, MessageCodec::writeHello, MessageCodec::readHello),
			new FrameType<>(2, 1, Message.Challenge.class, true, MessageCodec::writeChallenge,
					MessageCodec::readChallenge),
			new FrameType<>(3, 1, Message.Proof.class, true, (m, out) -> out.writeBytes(m.mac()),
					(in) -> new Message.Proof(readBytes(in, NONCE_LENGTH))),
			new FrameType<>(4, 1, Message.Accept.class, true, (m, out) -> out.writeBytes(m.mac()),
					(in) -> new Message.Accept(readBytes(in, NONCE_LENGTH))),
			new FrameType<>(5, 1, Message.Reject.class, true, (m, out) -> writeString(out, m.reason()),
					(in) -> new Message.Reject(readString(in))),
			new FrameType<>(6, 1, Message.Ping.class, false, (m, out) -> out.writeLong(m.nanos()),
					(in) -> new Message.Ping(readLong(in))),
			new FrameType<>(7, 1, Message.Pong.class, false, (m, out) -> out.writeLong(m.nanos()),
					(in) -> new Message.Pong(readLong(in))),
			new FrameType<>(8, 1, Message.Members.class, false, MessageCodec::writeMembers, MessageCodec::decodeMembers),
			new FrameType<>(9, 1, Message.Leave.class, false, (m, out) -> {
			}, (in) -> new Message.Leave()),
			new FrameType<>(10, Protocol.MESSAGING_VERSION, Message.Data.class, false, (m, out) -> {
				writeString(out, m.topic());
				writePayload(out, m.kind(), m.payload());
			}, (in) -> new Message.Data(readString(in), readKind(in), readPayload(in))),
			new FrameType<>(11, Protocol.MESSAGING_VERSION, Message.Request.class, false, (m, out) -> {
				out.writeLong(m.id());
				writeString(out, m.topic());
				writePayload(out, m.kind(), m.payload());
			}, (in) -> new Message.Request(readLong(in), readString(in), readKind(in), readPayload(in))),
			new FrameType<>(12, Protocol.MESSAGING_VERSION, Message.Reply.class, false, (m, out) -> {
				out.writeLong(m.id());
				out.writeByte(m.status());
				writePayload(out, m.kind(), m.payload());
			}, (in) -> new Message.Reply(readLong(in), readStatus(in), readKind(in), readPayload(in))),
			new FrameType<>(13, Protocol.MESSAGING_VERSION, Message.Groups.class, false, (m, out) -> {
				out.writeShort(m.groups().size());
				m.groups().forEach((group) -> writeString(out, group));
			}, MessageCodec::readGroups));

	private static final FrameType<?>[] BY_ID = new FrameType<?>[256];

	private static final Map<Class<?>, FrameType<?>> BY_CLASS = new HashMap<>();

	static {
		for (FrameType<?> type : TYPES) {
			if (BY_ID[type.id()] != null || BY_CLASS.put(type.type(), type) != null) {
				throw new IllegalStateException("Frame type " + type.id() + " is registered twice");
			}
			BY_ID[type.id()] = type;
		}
	}

	/**
	 * Whether a message belongs to the handshake, and so must never arrive after it.
	 * @param message the message
	 * @return {@code true} for HELLO, CHALLENGE, PROOF, ACCEPT and REJECT
	 */
	public static boolean isHandshake(Message message) {
		FrameType<?> type = BY_CLASS.get(message.getClass());
		return type != null && type.handshake();
	}

	static void encode(Message message, ByteBuf out) {
		FrameType<?> type = typeOf(message);
		out.writeByte(type.id());
		type.encodeUnchecked(message, out);
	}

	static Message decode(int id, ByteBuf body, int version) {
		FrameType<?> type = BY_ID[id];
		if (type == null) {
			throw new ProtocolException("unknown frame type " + id);
		}
		if (type.since() > version) {
			throw new ProtocolException("frame type " + id + " is not part of protocol version " + version);
		}
		Message message = type.decoder().apply(body);
		if (body.isReadable()) {
			throw new ProtocolException("frame type " + id + " has " + body.readableBytes() + " trailing bytes");
		}
		return message;
	}

	private static FrameType<?> typeOf(Message message) {
		FrameType<?> type = BY_CLASS.get(message.getClass());
		if (type == null) {
			throw new IllegalArgumentException(message.getClass().getName() + " is not a registered frame type");
		}
		return type;
	}

	private static void writeHello(Message.Hello hello, ByteBuf out) {
		writeString(out, hello.name());
		out.writeBytes(hello.nonce());
		out.writeShort(hello.listenPort());
		out.writeLong(hello.incarnation());
		out.writeByte(hello.minVersion());
		out.writeByte(hello.maxVersion());
		out.writeLong(hello.capabilities());
		out.writeByte(hello.cookieIds().size());
		hello.cookieIds().forEach(out::writeBytes);
	}

	private static Message.Hello readHello(ByteBuf in) {
		return new Message.Hello(readString(in), readBytes(in, NONCE_LENGTH), readUnsignedShort(in), readLong(in),
				readUnsignedByte(in), readUnsignedByte(in), readLong(in), readCookieIds(in));
	}

	private static List<byte[]> readCookieIds(ByteBuf in) {
		int count = readUnsignedByte(in);
		if (count > MAX_COOKIE_IDS) {
			throw new ProtocolException("a HELLO names " + count + " cookies, at most " + MAX_COOKIE_IDS + " are read");
		}
		List<byte[]> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(readBytes(in, COOKIE_ID_LENGTH));
		}
		return ids;
	}

	private static void writeChallenge(Message.Challenge challenge, ByteBuf out) {
		writeString(out, challenge.name());
		out.writeBytes(challenge.nonce());
		out.writeLong(challenge.incarnation());
		out.writeByte(challenge.version());
		out.writeLong(challenge.capabilities());
		out.writeByte(challenge.cookieIndex());
	}

	private static Message.Challenge readChallenge(ByteBuf in) {
		return new Message.Challenge(readString(in), readBytes(in, NONCE_LENGTH), readLong(in), readUnsignedByte(in),
				readLong(in), readUnsignedByte(in));
	}

	private static void writeMembers(Message.Members members, ByteBuf out) {
		out.writeShort(members.members().size());
		for (Message.Members.Entry entry : members.members()) {
			writeString(out, entry.name());
			writeString(out, entry.host());
			out.writeShort(entry.port());
			out.writeLong(entry.incarnation());
		}
	}

	private static Message.Members decodeMembers(ByteBuf body) {
		int count = readUnsignedShort(body);
		if (count > MAX_MEMBERS) {
			throw new ProtocolException("member list of " + count + " entries is too long");
		}
		List<Message.Members.Entry> entries = new ArrayList<>(Math.min(count, 64));
		for (int i = 0; i < count; i++) {
			entries.add(new Message.Members.Entry(readString(body), readString(body), readUnsignedShort(body),
					readLong(body)));
		}
		return new Message.Members(entries);
	}

	private static void writeString(ByteBuf out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > MAX_STRING) {
			throw new IllegalArgumentException("string of " + bytes.length + " bytes is too long to send");
		}
		out.writeShort(bytes.length);
		out.writeBytes(bytes);
	}

	private static String readString(ByteBuf body) {
		int length = readUnsignedShort(body);
		if (length > MAX_STRING) {
			throw new ProtocolException("string of " + length + " bytes is too long");
		}
		require(body, length);
		byte[] bytes = new byte[length];
		body.readBytes(bytes);
		for (byte b : bytes) {
			if (b < 0) {
				return strictUtf8(bytes);
			}
		}
		// Names and addresses are ASCII, which is valid UTF-8 as it stands; the decoder is for the rest.
		return new String(bytes, StandardCharsets.US_ASCII);
	}

	private static String strictUtf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new ProtocolException("string is not valid UTF-8");
		}
	}

	private static byte[] readBytes(ByteBuf body, int length) {
		require(body, length);
		byte[] bytes = new byte[length];
		body.readBytes(bytes);
		return bytes;
	}

	private static Message.Groups readGroups(ByteBuf in) {
		int count = readUnsignedShort(in);
		if (count > MAX_GROUPS) {
			throw new ProtocolException("a list of " + count + " groups is too long");
		}
		List<String> groups = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			groups.add(readString(in));
		}
		return new Message.Groups(groups);
	}

	private static void writePayload(ByteBuf out, int kind, byte[] payload) {
		out.writeByte(kind);
		out.writeInt(payload.length);
		out.writeBytes(payload);
	}

	// A payload is bytes (0), text (1) or JSON (2); a reply is a value (0), no listener (1) or an
	// error (2). Anything else is refused here, so that no layer above guesses what it meant.
	private static int readKind(ByteBuf body) {
		int kind = readUnsignedByte(body);
		if (kind > MAX_PAYLOAD_KIND) {
			throw new ProtocolException("unknown payload kind " + kind);
		}
		return kind;
	}

	private static int readStatus(ByteBuf body) {
		int status = readUnsignedByte(body);
		if (status > MAX_REPLY_STATUS) {
			throw new ProtocolException("unknown reply status " + status);
		}
		return status;
	}

	// The frame's length was checked against the limit already, so this allocates at most that much.
	private static byte[] readPayload(ByteBuf body) {
		require(body, 4);
		long length = body.readUnsignedInt();
		if (length > body.readableBytes()) {
			throw new ProtocolException("payload of " + length + " bytes is longer than its frame");
		}
		return readBytes(body, (int) length);
	}

	private static int readUnsignedByte(ByteBuf body) {
		require(body, 1);
		return body.readUnsignedByte();
	}

	private static int readUnsignedShort(ByteBuf body) {
		require(body, 2);
		return body.readUnsignedShort();
	}

	private static long readLong(ByteBuf body) {
		require(body, 8);
		return body.readLong();
	}

	private static void require(ByteBuf body, int length) {
		if (body.readableBytes() < length) {
			throw new ProtocolException("frame body is truncated");
		}
	}

	/**
	 * One frame type.
	 *
	 * @param <M> the message
	 * @param id the type byte on the wire
	 * @param since the protocol version that introduced it
	 * @param type the message class
	 * @param handshake whether it belongs to the handshake
	 * @param encoder writes the body
	 * @param decoder reads the body, failing with a {@link ProtocolException}
	 */
	record FrameType<M extends Message>(int id, int since, Class<M> type, boolean handshake, BiConsumer<M, ByteBuf> encoder,
			Function<ByteBuf, M> decoder) {

		void encodeUnchecked(Message message, ByteBuf out) {
			this.encoder.accept(this.type.cast(message), out);
		}

	}

}
