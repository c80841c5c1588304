package io.clusterboot.internal.transport.codec;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MessageCodecTests {

	private static final byte[] NONCE = new byte[MessageCodec.NONCE_LENGTH];

	@Test
	void everyRegisteredTypeSurvivesTheWireUnchanged() {
		List<Message> messages = List.of(new Message.Hello("a@127.0.0.2", NONCE, 4370, 7L, 1, 3, 0b101L),
				new Message.Challenge("b@127.0.0.3", NONCE, 8L, 2, 0b100L), new Message.Proof(NONCE),
				new Message.Accept(NONCE), new Message.Reject("bad-cookie"), new Message.Ping(42L),
				new Message.Pong(43L),
				new Message.Members(List.of(new Message.Members.Entry("c@127.0.0.4", "127.0.0.4", 4370, 9L))),
				new Message.Leave());
		for (Message message : messages) {
			ByteBuf frame = Unpooled.buffer();
			MessageCodec.encode(message, frame);
			int type = frame.readUnsignedByte();
			assertThat(MessageCodec.decode(type, frame, Protocol.VERSION)).as(message.getClass().getSimpleName())
				.usingRecursiveComparison()
				.isEqualTo(message);
		}
	}

	@Test
	void onlyTheHandshakeTypesAreHandshakeTypes() {
		assertThat(MessageCodec.isHandshake(new Message.Reject("busy"))).isTrue();
		assertThat(MessageCodec.isHandshake(new Message.Hello("a@h", NONCE, 1, 1L))).isTrue();
		assertThat(MessageCodec.isHandshake(new Message.Ping(1))).isFalse();
		assertThat(MessageCodec.isHandshake(new Message.Leave())).isFalse();
		assertThat(MessageCodec.isHandshake(new Message() {
		})).isFalse();
	}

	@Test
	void stringsOutsideAsciiSurviveAndMalformedUtf8IsAProtocolError() {
		ByteBuf frame = Unpooled.buffer();
		MessageCodec.encode(new Message.Reject("müde, 疲れた"), frame);
		int type = frame.readUnsignedByte();
		assertThat(MessageCodec.decode(type, frame.copy(), Protocol.VERSION)).usingRecursiveComparison()
			.isEqualTo(new Message.Reject("müde, 疲れた"));
		frame.setByte(frame.readerIndex() + 2, 0xC3); // a lead byte followed by "ü"'s own lead byte
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> MessageCodec.decode(type, frame, Protocol.VERSION))
			.withMessageContaining("not valid UTF-8");
	}

	@Test
	void anUnknownTypeIsAProtocolError() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> MessageCodec.decode(200, Unpooled.buffer(), Protocol.VERSION))
			.withMessageContaining("unknown frame type 200");
	}

}
