package io.clusterboot.transport.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * Encodes and decodes message bodies. Strings are {@code u16 length | UTF-8}, nonces and MACs are
 * 32 raw bytes, numbers are big-endian. Decoding checks every length against what is left in the
 * frame, so a malformed body fails with a {@link ProtocolException}, never an allocation.
 */
public final class MessageCodec {

	/** Bytes in a nonce and in an HMAC-SHA256 proof. */
	public static final int NONCE_LENGTH = 32;

	static final int MAX_STRING = 1024;

	static final int MAX_MEMBERS = 4096;

	private MessageCodec() {
	}

	static byte typeOf(Message message) {
		if (message instanceof Message.Hello) {
			return 1;
		}
		if (message instanceof Message.Challenge) {
			return 2;
		}
		if (message instanceof Message.Proof) {
			return 3;
		}
		if (message instanceof Message.Accept) {
			return 4;
		}
		if (message instanceof Message.Reject) {
			return 5;
		}
		if (message instanceof Message.Ping) {
			return 6;
		}
		if (message instanceof Message.Pong) {
			return 7;
		}
		if (message instanceof Message.Members) {
			return 8;
		}
		return 9;
	}

	static void encodeBody(Message message, ByteBuf out) {
		if (message instanceof Message.Hello hello) {
			writeString(out, hello.name());
			out.writeBytes(hello.nonce());
			out.writeShort(hello.listenPort());
			out.writeLong(hello.incarnation());
		}
		else if (message instanceof Message.Challenge challenge) {
			writeString(out, challenge.name());
			out.writeBytes(challenge.nonce());
			out.writeLong(challenge.incarnation());
		}
		else if (message instanceof Message.Proof proof) {
			out.writeBytes(proof.mac());
		}
		else if (message instanceof Message.Accept accept) {
			out.writeBytes(accept.mac());
		}
		else if (message instanceof Message.Reject reject) {
			writeString(out, reject.reason());
		}
		else if (message instanceof Message.Ping ping) {
			out.writeLong(ping.nanos());
		}
		else if (message instanceof Message.Pong pong) {
			out.writeLong(pong.nanos());
		}
		else if (message instanceof Message.Members members) {
			out.writeShort(members.members().size());
			for (Message.Members.Entry entry : members.members()) {
				writeString(out, entry.name());
				writeString(out, entry.host());
				out.writeShort(entry.port());
				out.writeLong(entry.incarnation());
			}
		}
	}

	static Message decode(int type, ByteBuf body) {
		Message message = switch (type) {
			case 1 -> new Message.Hello(readString(body), readBytes(body, NONCE_LENGTH), readUnsignedShort(body),
					readLong(body));
			case 2 -> new Message.Challenge(readString(body), readBytes(body, NONCE_LENGTH), readLong(body));
			case 3 -> new Message.Proof(readBytes(body, NONCE_LENGTH));
			case 4 -> new Message.Accept(readBytes(body, NONCE_LENGTH));
			case 5 -> new Message.Reject(readString(body));
			case 6 -> new Message.Ping(readLong(body));
			case 7 -> new Message.Pong(readLong(body));
			case 8 -> decodeMembers(body);
			case 9 -> new Message.Leave();
			default -> throw new ProtocolException("unknown frame type " + type);
		};
		if (body.isReadable()) {
			throw new ProtocolException("frame type " + type + " has " + body.readableBytes() + " trailing bytes");
		}
		return message;
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
		String value;
		try {
			value = StandardCharsets.UTF_8.newDecoder().decode(body.nioBuffer(body.readerIndex(), length)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new ProtocolException("string is not valid UTF-8");
		}
		body.skipBytes(length);
		return value;
	}

	private static byte[] readBytes(ByteBuf body, int length) {
		require(body, length);
		byte[] bytes = new byte[length];
		body.readBytes(bytes);
		return bytes;
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

}
