package io.clusterboot.discovery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerAddressTests {

	@Test
	void equalWhenEveryPartIsEqual() {
		PeerAddress address = new PeerAddress("10.42.0.7", 4370);
		assertThat(address).isEqualTo(new PeerAddress("10.42.0.7", 4370))
			.hasSameHashCodeAs(new PeerAddress("10.42.0.7", 4370));
		assertThat(address).isNotEqualTo(new PeerAddress("10.42.0.7", 4371))
			.isNotEqualTo(new PeerAddress("10.42.0.8", 4370))
			.isNotEqualTo(null)
			.isNotEqualTo("10.42.0.7:4370");
	}

	@Test
	void parsesHostAndPort() {
		assertThat(PeerAddress.parse("127.0.0.2:4370", 0)).isEqualTo(new PeerAddress("127.0.0.2", 4370));
		assertThat(PeerAddress.parse(" app-0.app-headless ", 4370)).isEqualTo(new PeerAddress("app-0.app-headless", 4370));
	}

	@Test
	void parsesBracketedAndBareIpv6() {
		assertThat(PeerAddress.parse("[::1]:4371", 0)).isEqualTo(new PeerAddress("::1", 4371));
		assertThat(PeerAddress.parse("fd00::7", 4370)).isEqualTo(new PeerAddress("fd00::7", 4370));
		assertThat(new PeerAddress("::1", 4370)).hasToString("[::1]:4370");
	}

	@Test
	void oneIpv6AddressHasOneSpelling() {
		assertThat(new PeerAddress("0:0:0:0:0:0:0:1", 4370)).isEqualTo(new PeerAddress("::1", 4370));
		assertThat(new PeerAddress("FD00:0:0:0:0:0:0:7", 1).host()).isEqualTo("fd00::7");
	}

	@Test
	void rejectsMissingOrInvalidPorts() {
		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("127.0.0.2", 0))
			.withMessageContaining("expected host:port");
		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("127.0.0.2:http", 0))
			.withMessageContaining("not a number");
		assertThatIllegalArgumentException().isThrownBy(() -> PeerAddress.parse("127.0.0.2:70000", 0))
			.withMessageContaining("not in 1-65535");
	}

}
