package io.clusterboot.internal.transport;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.transport.handshake.HandshakeFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportTests {

	@Test
	void aDialBeforeTheNodeHasAnIdentityFailsAtOnceInsteadOfBreakingAChannel() throws Exception {
		TransportSettings settings = new TransportSettings("127.0.0.2", 0, 0, 1024 * 1024, Duration.ofSeconds(5),
				Duration.ofSeconds(1), Duration.ofSeconds(5), 64, 8, 1);
		try (Transport transport = new Transport(settings, ConnectionListener.NONE, (peer, incarnation) -> null)) {
			CompletableFuture<PeerConnection> dial = transport.dial(new PeerAddress("127.0.0.3", 4370),
					InetAddress.getByName("127.0.0.3"));
			assertThat(dial).isCompletedExceptionally();
			assertThatThrownBy(dial::join).cause()
				.isInstanceOfSatisfying(HandshakeFailedException.class,
						(failure) -> assertThat(failure.reason()).isEqualTo(Reason.SHUTDOWN));
		}
	}

}
