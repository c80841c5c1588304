package io.clusterboot.internal.transport;

import java.net.InetAddress;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingHandshakesTests {

	private final PendingHandshakes pending = new PendingHandshakes(4, 2);

	@Test
	void refusesASourceOverItsOwnLimitButNotOthers() throws Exception {
		assertThat(admit("127.0.0.20")).isInstanceOf(PendingHandshakes.Decision.Admitted.class);
		assertThat(admit("127.0.0.20")).isInstanceOf(PendingHandshakes.Decision.Admitted.class);
		assertThat(admit("127.0.0.20")).isEqualTo(new PendingHandshakes.Decision.Refused(PendingHandshakes.Limit.PER_SOURCE));
		assertThat(admit("127.0.0.21")).isInstanceOf(PendingHandshakes.Decision.Admitted.class);
	}

	@Test
	void whenFullTheOldestOfTheBusiestSourceMakesRoomForASourceWithFewer() throws Exception {
		Channel oldest = new EmbeddedChannel();
		this.pending.admit(oldest, InetAddress.getByName("127.0.0.20"));
		admit("127.0.0.20");
		admit("127.0.0.21");
		admit("127.0.0.22");
		PendingHandshakes.Decision decision = admit("127.0.0.23");
		assertThat(decision).isEqualTo(new PendingHandshakes.Decision.Admitted(oldest));
		assertThat(this.pending.size()).isEqualTo(4);
	}

	@Test
	void whenFullAndEveryoneHoldsAsFewNobodyIsEvicted() throws Exception {
		PendingHandshakes spread = new PendingHandshakes(3, 2);
		for (String source : new String[] { "127.0.0.20", "127.0.0.21", "127.0.0.22" }) {
			spread.admit(new EmbeddedChannel(), InetAddress.getByName(source));
		}
		assertThat(spread.admit(new EmbeddedChannel(), InetAddress.getByName("127.0.0.23")))
			.isEqualTo(new PendingHandshakes.Decision.Refused(PendingHandshakes.Limit.TOTAL));
	}

	@Test
	void releasingForgetsTheSourceAndIsIdempotent() throws Exception {
		Channel channel = new EmbeddedChannel();
		InetAddress source = InetAddress.getByName("127.0.0.20");
		this.pending.admit(channel, source);
		this.pending.release(channel, source);
		this.pending.release(channel, source);
		assertThat(this.pending.size()).isZero();
		assertThat(this.pending.sources()).isZero();
	}

	@Test
	void oneIpv6Slash64IsOneSource() throws Exception {
		assertThat(admit("2001:db8:1:2::a")).isInstanceOf(PendingHandshakes.Decision.Admitted.class);
		assertThat(admit("2001:db8:1:2::b")).isInstanceOf(PendingHandshakes.Decision.Admitted.class);
		assertThat(admit("2001:db8:1:2:ffff::c")).isInstanceOf(PendingHandshakes.Decision.Refused.class);
		assertThat(admit("2001:db8:1:3::a")).isInstanceOf(PendingHandshakes.Decision.Admitted.class);
	}

	private PendingHandshakes.Decision admit(String source) throws Exception {
		return this.pending.admit(new EmbeddedChannel(), InetAddress.getByName(source));
	}

}
