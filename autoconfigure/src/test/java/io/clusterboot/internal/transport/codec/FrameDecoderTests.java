package io.clusterboot.internal.transport.codec;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FrameDecoderTests {

	private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());

	private final EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder());

	@AfterEach
	void release() {
		this.channel.finishAndReleaseAll();
		this.encoder.finishAndReleaseAll();
	}

	@Test
	void roundTripsEveryMessage() {
		byte[] nonce = new byte[32];
		nonce[3] = 7;
		Message[] messages = { new Message.Hello("a@127.0.0.2", nonce, 4370, 42L),
				new Message.Challenge("b@127.0.0.3", nonce, -1L), new Message.Proof(nonce), new Message.Accept(nonce),
				new Message.Reject("bad-cookie"), new Message.Ping(123L), new Message.Pong(456L),
				new Message.Members(java.util.List.of(new Message.Members.Entry("c@h", "127.0.0.4", 4370, 9L))),
				new Message.Leave() };
		this.channel.writeInbound(preface());
		for (Message message : messages) {
			this.channel.writeInbound(encode(message));
			Message decoded = this.channel.readInbound();
			assertThat(decoded).usingRecursiveComparison().isEqualTo(message);
		}
	}

	@Test
	void reassemblesFramesSplitAcrossReads() {
		ByteBuf frame = Unpooled.wrappedBuffer(preface(), encode(new Message.Ping(99L)));
		while (frame.isReadable()) {
			this.channel.writeInbound(frame.readRetainedSlice(1));
		}
		frame.release();
		assertThat((Message) this.channel.readInbound()).isEqualTo(new Message.Ping(99L));
	}

	@Test
	void rejectsAStrayHttpClientOnItsFirstByte() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.channel.writeInbound(Unpooled.copiedBuffer("G", StandardCharsets.US_ASCII)))
			.withMessageContaining("not a ClusterBoot peer");
	}

	@Test
	void rejectsAPeerOlderThanTheOldestVersionItSpeaks() {
		ByteBuf preface = Unpooled.buffer().writeBytes(Protocol.MAGIC).writeByte(Protocol.MIN_VERSION - 1);
		assertThatExceptionOfType(FrameDecoder.UnsupportedVersionException.class)
			.isThrownBy(() -> this.channel.writeInbound(preface));
	}

	// A newer release's handshake says which versions it speaks; ours may be among them.
	@Test
	void readsTheHandshakeOfANewerPeer() {
		this.channel.writeInbound(Unpooled.buffer().writeBytes(Protocol.MAGIC).writeByte(Protocol.VERSION + 1));
		this.channel.writeInbound(encode(new Message.Hello("new@127.0.0.9", new byte[32], 4370, 1L, Protocol.VERSION,
				Protocol.VERSION + 1, 0)));
		assertThat((Object) this.channel.readInbound()).isInstanceOf(Message.Hello.class);
	}

	@Test
	void refusesAFrameTypeOfALaterVersionThanTheConnectionSpeaks() {
		FrameDecoder decoder = this.channel.pipeline().get(FrameDecoder.class);
		this.channel.writeInbound(preface());
		decoder.maxFrameSize(64 * 1024);
		decoder.version(Protocol.MESSAGING_VERSION - 1);
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> this.channel.writeInbound(encode(new Message.Data("t", 0, new byte[1]))))
			.withMessageContaining("not part of protocol version " + (Protocol.MESSAGING_VERSION - 1));
	}

	@Test
	void rejectsHugeLengthsBeforeBufferingAnything() {
		for (long length : new long[] { 1L << 31, (1L << 32) - 1, Protocol.MAX_HANDSHAKE_FRAME + 1 }) {
			EmbeddedChannel fresh = new EmbeddedChannel(new FrameDecoder());
			fresh.writeInbound(preface());
			ByteBuf header = Unpooled.buffer(4).writeInt((int) length);
			assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> fresh.writeInbound(header))
				.withMessageContaining("exceeds the limit");
			fresh.finishAndReleaseAll();
		}
	}

	@Test
	void raisesTheLimitOnlyWhenTold() {
		FrameDecoder decoder = new FrameDecoder();
		EmbeddedChannel fresh = new EmbeddedChannel(decoder);
		fresh.writeInbound(preface());
		decoder.maxFrameSize(1 << 20);
		ByteBuf header = Unpooled.buffer(4).writeInt(64 * 1024);
		fresh.writeInbound(header); // accepted: waits for the body
		assertThat((Object) fresh.readInbound()).isNull();
		fresh.finishAndReleaseAll();
	}

	@Test
	void aLargeFrameRightBehindTheHandshakesLastFrameIsMeasuredAgainstTheRaisedLimit() {
		FrameDecoder decoder = new FrameDecoder();
		EmbeddedChannel fresh = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
			@Override
			public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
				if (msg instanceof Message.Accept) {
					decoder.maxFrameSize(1 << 20); // as the handshake handler does on success
				}
				ctx.fireChannelRead(msg);
			}
		});
		java.util.List<Message.Members.Entry> many = new java.util.ArrayList<>();
		for (int i = 0; i < 100; i++) {
			many.add(new Message.Members.Entry("node-" + i + "@127.0.0." + (i % 250), "127.0.0.1", 4370, i));
		}
		ByteBuf both = Unpooled.wrappedBuffer(preface(), encode(new Message.Accept(new byte[32])),
				encode(new Message.Members(many)));
		assertThat(both.readableBytes()).isGreaterThan(Protocol.MAX_HANDSHAKE_FRAME * 2);
		fresh.writeInbound(both);
		assertThat((Message) fresh.readInbound()).isInstanceOf(Message.Accept.class);
		assertThat(((Message.Members) fresh.readInbound()).members()).hasSize(100);
		fresh.finishAndReleaseAll();
	}

	@Test
	void rejectsEmptyUnknownTruncatedAndPaddedFrames() {
		assertRejected(Unpooled.buffer().writeInt(0), "empty frame");
		assertRejected(Unpooled.buffer().writeInt(1).writeByte(77), "unknown frame type 77");
		assertRejected(Unpooled.buffer().writeInt(5).writeByte(6).writeInt(1), "truncated");
		assertRejected(Unpooled.buffer().writeInt(10).writeByte(6).writeLong(1).writeByte(0), "trailing");
		assertRejected(Unpooled.buffer().writeInt(3).writeByte(5).writeShort(60000), "too long");
	}

	private void assertRejected(ByteBuf frame, String message) {
		EmbeddedChannel fresh = new EmbeddedChannel(new FrameDecoder());
		fresh.writeInbound(preface());
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> fresh.writeInbound(frame))
			.withMessageContaining(message);
		fresh.finishAndReleaseAll();
	}

	private ByteBuf encode(Message message) {
		this.encoder.writeOutbound(message);
		return this.encoder.readOutbound();
	}

	private static ByteBuf preface() {
		return Unpooled.buffer().writeBytes(Protocol.MAGIC).writeByte(Protocol.VERSION);
	}

}
