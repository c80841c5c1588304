package io.clusterboot.internal.transport;

import java.time.Duration;

import io.clusterboot.Reason;

/**
 * Told what happens on connections where it happens, so that metrics need no polling. Called on I/O
 * threads: implementations must be quick and must not block.
 */
public interface TransportObserver {

	/**
	 * A handshake failed, in either direction.
	 * @param reason why
	 */
	default void handshakeFailed(Reason reason) {
	}

	/**
	 * A frame after a handshake failed its authentication; its connection is closed.
	 */
	default void frameRejected() {
	}

	/**
	 * A heartbeat came back.
	 * @param roundTrip its round-trip time
	 */
	default void heartbeat(Duration roundTrip) {
	}

}
