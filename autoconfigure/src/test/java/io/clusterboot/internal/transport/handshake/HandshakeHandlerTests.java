package io.clusterboot.internal.transport.handshake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.Cookies;
import io.clusterboot.internal.transport.codec.FrameDecoder;
import io.clusterboot.internal.transport.codec.FrameEncoder;
import io.clusterboot.internal.transport.codec.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both sides of the handshake on Netty's embedded channels, bytes shuttled by hand and time moved by
 * hand: no sockets, no sleeping.
 */
class HandshakeHandlerTests {

	private static final Cookie COOKIE = Cookie.of("handshake-unit-test-cookie-0123456789");

	private static final Cookie OLD = Cookie.of("the-cookie-the-cluster-moves-away-from-0123");

	private static final Cookie NEW = Cookie.of("the-cookie-the-cluster-moves-to-456789abcdef");

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Recorder dialerOutcome = new Recorder();

	private final Recorder listenerOutcome = new Recorder();

	@Test
	void bothSidesAuthenticateEachOtherAndThenTagEveryFrame() {
		EmbeddedChannel dialer = channel(new DialerHandshakeHandler(identity("a@127.0.0.2", 1), (p, i) -> null,
				TIMEOUT, this.dialerOutcome));
		EmbeddedChannel listener = channel(new ListenerHandshakeHandler(identity("b@127.0.0.3", 2),
				(p, i) -> null, TIMEOUT, this.listenerOutcome));
		shuttle(dialer, listener);
		assertThat(this.dialerOutcome.peers).extracting(PeerIdentity::name).containsExactly(NodeName.parse("b@127.0.0.3"));
		assertThat(this.listenerOutcome.peers).extracting(PeerIdentity::name)
			.containsExactly(NodeName.parse("a@127.0.0.2"));
		// After the handshake a frame goes through only with its tag; the listener reads it.
		dialer.writeOutbound(new Message.Ping(42));
		shuttle(dialer, listener);
		assertThat((Object) listener.readInbound()).isEqualTo(new Message.Ping(42));
	}

	// The steps of a cookie rotation from OLD to NEW: every pair that shares a cookie connects, proving
	// the first of the dialler's cookies the listener knows; a pair that shares none is refused.
	@ParameterizedTest(name = "dialler {0}, listener {1}: {2}")
	@CsvSource({ "OLD, OLD+NEW, OLD", "OLD+NEW, OLD, OLD", "NEW+OLD, OLD, OLD", "NEW+OLD, OLD+NEW, NEW",
			"NEW, NEW+OLD, NEW", "NEW+OLD, NEW, NEW", "OLD, NEW, refused", "NEW, OLD+NEW, NEW" })
	void peersThatShareACookieProveTheFirstOneTheDiallerNamesThatTheListenerKnows(String dialler, String listener,
			String proved) {
		EmbeddedChannel dialerChannel = channel(new DialerHandshakeHandler(identity("a@127.0.0.2", 1, cookies(dialler)),
				(p, i) -> null, TIMEOUT, this.dialerOutcome));
		EmbeddedChannel listenerChannel = channel(new ListenerHandshakeHandler(
				identity("b@127.0.0.3", 2, cookies(listener)), (p, i) -> null, TIMEOUT, this.listenerOutcome));
		shuttle(dialerChannel, listenerChannel);
		if (proved.equals("refused")) {
			assertThat(this.listenerOutcome.failures).containsExactly(Reason.BAD_COOKIE);
			assertThat(this.dialerOutcome.peers).isEmpty();
			return;
		}
		Cookie expected = proved.equals("OLD") ? OLD : NEW;
		assertThat(this.dialerOutcome.peers).singleElement().extracting(PeerIdentity::cookie).isEqualTo(expected);
		assertThat(this.listenerOutcome.peers).singleElement().extracting(PeerIdentity::cookie).isEqualTo(expected);
		dialerChannel.writeOutbound(new Message.Ping(7));
		shuttle(dialerChannel, listenerChannel);
		assertThat((Object) listenerChannel.readInbound()).isEqualTo(new Message.Ping(7));
	}

	@Test
	void aListenerThatHearsNothingEndsAtTheDeadlineInVirtualTime() {
		EmbeddedChannel listener = channel(new ListenerHandshakeHandler(identity("b@127.0.0.3", 2),
				(p, i) -> null, TIMEOUT, this.listenerOutcome));
		listener.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
		listener.runScheduledPendingTasks();
		assertThat(listener.isOpen()).isTrue();
		listener.advanceTimeBy(1, TimeUnit.MILLISECONDS);
		listener.runScheduledPendingTasks();
		assertThat(listener.isOpen()).isFalse();
		assertThat(this.listenerOutcome.failures).containsExactly(Reason.HANDSHAKE_TIMEOUT);
	}

	@Test
	void aHandshakeThatEndsOtherwiseNeverReportsATimeoutLater() {
		EmbeddedChannel listener = channel(new ListenerHandshakeHandler(identity("b@127.0.0.3", 2),
				(p, i) -> null, TIMEOUT, this.listenerOutcome));
		listener.close();
		listener.advanceTimeBy(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
		listener.runScheduledPendingTasks();
		assertThat(this.listenerOutcome.failures).containsExactly(Reason.CONNECTION_CLOSED);
	}

	private static LocalIdentity identity(String name, long incarnation) {
		return identity(name, incarnation, Cookies.of(COOKIE));
	}

	private static LocalIdentity identity(String name, long incarnation, Cookies cookies) {
		return new LocalIdentity(NodeName.parse(name), incarnation, 4370, cookies);
	}

	private static Cookies cookies(String spec) {
		List<Cookie> cookies = Arrays.stream(spec.split("\\+")).map((name) -> name.equals("OLD") ? OLD : NEW).toList();
		return new Cookies(cookies.get(0), cookies.subList(1, cookies.size()));
	}

	private static EmbeddedChannel channel(HandshakeHandler handshake) {
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.freezeTime();
		channel.pipeline().addLast(new FrameDecoder(), new FrameEncoder(), handshake);
		channel.pipeline().fireChannelActive();
		return channel;
	}

	// Moves bytes both ways until neither side has anything more to say.
	private static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
		boolean moved = true;
		while (moved) {
			moved = move(a, b) | move(b, a);
		}
	}

	private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
		boolean moved = false;
		for (ByteBuf bytes = from.readOutbound(); bytes != null; bytes = from.readOutbound()) {
			to.writeInbound(bytes);
			moved = true;
		}
		return moved;
	}

	private static final class Recorder implements HandshakeOutcome {

		private final List<PeerIdentity> peers = new ArrayList<>();

		private final List<Reason> failures = new ArrayList<>();

		@Override
		public void succeeded(ChannelHandlerContext ctx, PeerIdentity peer) {
			this.peers.add(peer);
			ctx.pipeline().remove(ctx.handler());
		}

		@Override
		public void failed(Channel channel, HandshakeFailedException failure) {
			this.failures.add(failure.reason());
		}

	}

}
