package io.clusterboot.internal.transport;

/**
 * The life of one connection. Transitions only go forward:
 * {@code HANDSHAKING → CONNECTED → CLOSED}, or {@code HANDSHAKING → CLOSED} when the handshake fails.
 */
public enum ConnectionState {

	/** TCP is up; the peer is not authenticated yet and may only send handshake frames. */
	HANDSHAKING,

	/** Authenticated; heartbeats run and any frame counts as liveness. */
	CONNECTED,

	/** Closed, with a reason. */
	CLOSED

}
