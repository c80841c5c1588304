package io.clusterboot.internal.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.handshake.PeerIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler of an authenticated connection, on Netty's embedded channel: no sockets, no sleeping.
 */
class ConnectionHandlerTests {

	private final List<Reason> closed = new ArrayList<>();

	private final List<Object> passedOn = new ArrayList<>();

	@Test
	void aFrameTypeItDoesNotServeGoesOnUpThePipeline() {
		EmbeddedChannel channel = connection();
		Message feature = new Message() {
		};
		channel.writeInbound(feature);
		assertThat(this.passedOn).containsExactly(feature);
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void aHandshakeFrameAfterTheHandshakeClosesWithProtocolError() {
		EmbeddedChannel channel = connection();
		channel.writeInbound(new Message.Reject("busy"));
		assertThat(channel.isOpen()).isFalse();
		channel.runPendingTasks();
		assertThat(this.closed).containsExactly(Reason.PROTOCOL_ERROR);
		assertThat(this.passedOn).isEmpty();
	}

	@Test
	void aSendToAPeerThatDoesNotReadIsRefusedNotQueued() {
		EmbeddedChannel channel = connection();
		channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
		PeerConnection connection = connectionOf(channel);
		assertThat(connection.send(new Message.Ping(1))).isTrue();
		channel.write(Unpooled.wrappedBuffer(new byte[64])); // queued, not flushed: over the high mark
		assertThat(channel.isWritable()).isFalse();
		assertThat(connection.send(new Message.Ping(2))).isFalse();
	}

	@Test
	void silenceForTheTimeoutClosesWithHeartbeatTimeoutInVirtualTime() throws Exception {
		EmbeddedChannel channel = connection();
		channel.advanceTimeBy(TimeUnit.SECONDS.toNanos(3), TimeUnit.NANOSECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).as("open before the timeout").isTrue();
		channel.writeInbound(new Message.Pong(0));
		channel.advanceTimeBy(TimeUnit.SECONDS.toNanos(3), TimeUnit.NANOSECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).as("a frame moved the deadline").isTrue();
		channel.advanceTimeBy(TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(this.closed).containsExactly(Reason.HEARTBEAT_TIMEOUT);
	}

	@Test
	void aSilentPeerIsDownAtTheTimeoutNotAtTheNextHeartbeatAfterIt() {
		// Heartbeats every second, timeout 1.5 s: checking only at heartbeats would close at 2 s.
		EmbeddedChannel channel = connection(TimeUnit.MILLISECONDS.toNanos(1000), TimeUnit.MILLISECONDS.toNanos(1500));
		channel.advanceTimeBy(1499, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isTrue();
		channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(this.closed).containsExactly(Reason.HEARTBEAT_TIMEOUT);
	}

	@Test
	void theDiallerPingsAtEveryTickThoughThePeerTalks() {
		EmbeddedChannel channel = connection(true, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(4));
		for (int tick = 1; tick <= 5; tick++) {
			channel.writeInbound(new Message.Ping(tick));
			assertThat(outbound(channel)).as("answer").containsExactly(new Message.Pong(tick));
			channel.advanceTimeBy(1, TimeUnit.SECONDS);
			channel.runScheduledPendingTasks();
			assertThat(outbound(channel)).as("tick %d", tick).singleElement().isInstanceOf(Message.Ping.class);
		}
	}

	// The acceptor of an idle link reads the dialler's ping every interval and only answers it, but
	// for a ping of its own at its first tick and every ACCEPTOR_RTT_TICKS ticks, for a round-trip time.
	@Test
	void theAcceptorOfAnIdleLinkOnlyAnswersButForARoundTripTimeNowAndThen() {
		EmbeddedChannel channel = connection(false, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(4));
		List<Integer> pingedAt = new ArrayList<>();
		for (int tick = 1; tick <= 2 * ConnectionHandler.ACCEPTOR_RTT_TICKS; tick++) {
			channel.writeInbound(new Message.Ping(tick));
			assertThat(outbound(channel)).as("answer").containsExactly(new Message.Pong(tick));
			channel.advanceTimeBy(1, TimeUnit.SECONDS);
			channel.runScheduledPendingTasks();
			if (!outbound(channel).isEmpty()) {
				pingedAt.add(tick);
			}
		}
		assertThat(pingedAt).containsExactly(1, 1 + ConnectionHandler.ACCEPTOR_RTT_TICKS);
		assertThat(connectionOf(channel).isOpen()).isTrue();
	}

	@Test
	void theAcceptorPingsItselfOnceTheDiallersPingsStop() {
		EmbeddedChannel channel = connection(false, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(4));
		channel.writeInbound(new Message.Ping(1));
		channel.advanceTimeBy(1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		outbound(channel); // the answer and the first tick's round-trip ping
		for (int tick = 2; tick <= 3; tick++) {
			channel.advanceTimeBy(1, TimeUnit.SECONDS);
			channel.runScheduledPendingTasks();
			assertThat(outbound(channel)).as("tick %d, nothing read since the last", tick)
				.singleElement()
				.isInstanceOf(Message.Ping.class);
		}
	}

	// A dialler whose write buffer is full of data for a slow reader sends no pings; the acceptor still
	// reads its data, but the dialler hears from the acceptor only through the acceptor's own pings.
	@Test
	void theAcceptorPingsAtEveryTickWhileTheDiallerSendsDataButNoPings() {
		EmbeddedChannel channel = connection(false, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(5));
		for (int tick = 1; tick <= 4; tick++) {
			channel.writeInbound(new Message() {
			});
			channel.advanceTimeBy(1, TimeUnit.SECONDS);
			channel.runScheduledPendingTasks();
			assertThat(outbound(channel)).as("tick %d", tick).singleElement().isInstanceOf(Message.Ping.class);
		}
	}

	// With a timeout under three intervals, one late ping of the dialler's must not decide the link.
	@Test
	void theAcceptorPingsAtEveryTickWhenTheTimeoutLeavesLessThanTwoIntervalsOfSlack() {
		EmbeddedChannel channel = connection(false, TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(2500));
		for (int tick = 1; tick <= 4; tick++) {
			channel.writeInbound(new Message.Ping(tick));
			assertThat(outbound(channel)).as("answer").containsExactly(new Message.Pong(tick));
			channel.advanceTimeBy(1, TimeUnit.SECONDS);
			channel.runScheduledPendingTasks();
			assertThat(outbound(channel)).as("tick %d", tick).singleElement().isInstanceOf(Message.Ping.class);
		}
	}

	@Test
	void aPongGivesTheRoundTripTime() {
		EmbeddedChannel channel = connection(true, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(4));
		channel.advanceTimeBy(1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		Message.Ping ping = (Message.Ping) outbound(channel).get(0);
		channel.advanceTimeBy(3, TimeUnit.MILLISECONDS);
		channel.writeInbound(new Message.Pong(ping.nanos()));
		assertThat(connectionOf(channel).rttMillis()).isEqualTo(3.0);
	}

	private static List<Object> outbound(EmbeddedChannel channel) {
		return TestConnections.written(channel);
	}

	private EmbeddedChannel connection() {
		return connection(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(4));
	}

	private EmbeddedChannel connection(long intervalNanos, long timeoutNanos) {
		return connection(false, intervalNanos, timeoutNanos);
	}

	private EmbeddedChannel connection(boolean outbound, long intervalNanos, long timeoutNanos) {
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.freezeTime(); // only advanceTimeBy moves the clock, however long the test takes
		PeerConnection connection = new PeerConnection(channel,
				new PeerIdentity(NodeName.parse("peer@127.0.0.3"), 1L, 4370, 1), outbound,
				new PeerAddress("127.0.0.3", 4370), null);
		channel.attr(CONNECTION).set(connection);
		channel.pipeline()
			.addLast(new ConnectionHandler(connection, new ConnectionListener() {
				@Override
				public void connected(PeerConnection c) {
				}

				@Override
				public void closed(PeerConnection c, Reason reason) {
					ConnectionHandlerTests.this.closed.add(reason);
				}

				@Override
				public void members(PeerConnection c, Message.Members members) {
				}
			}, new TransportObserver() {
			}, new Heartbeats(intervalNanos, timeoutNanos)))
			.addLast(new ChannelInboundHandlerAdapter() {
				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					ConnectionHandlerTests.this.passedOn.add(msg);
				}
			});
		return channel;
	}

	private static final io.netty.util.AttributeKey<PeerConnection> CONNECTION = io.netty.util.AttributeKey
		.valueOf(ConnectionHandlerTests.class, "connection");

	private static PeerConnection connectionOf(EmbeddedChannel channel) {
		return channel.attr(CONNECTION).get();
	}

}
