package io.clusterboot.internal.transport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up runs the production pipeline in memory: a complete handshake, then a heartbeat and its
 * answer, so that what the first real dial would load is loaded already.
 */
class TransportWarmupTests {

	@Test
	void aHandshakeAndAHeartbeatRoundTripCompleteInMemory() {
		assertThat(TransportWarmup.run()).isTrue();
	}

}
