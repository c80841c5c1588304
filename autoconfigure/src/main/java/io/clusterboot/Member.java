package io.clusterboot;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.clusterboot.discovery.PeerAddress;

/**
 * One peer as this node sees it: a named member, or an address that was discovered but has not
 * completed a handshake yet (then {@code name} is {@code null}).
 *
 * @param name the peer's node name, or {@code null} while it is unknown
 * @param address the address this node dials (or, for a peer that dialled in, its listener)
 * @param state the current state
 * @param since when the state was entered
 * @param rttMillis the last heartbeat round-trip time, or {@code null} when not connected
 * @param lastError why the peer is not connected, or {@code null}
 * @param nextAttempt when the next dial is due while in backoff, or {@code null}
 * @param protocolVersion the protocol version the connection speaks, or {@code null} when not connected
 * @param cookieFingerprint the fingerprint of the cookie the connection was proved with, or
 * {@code null} when not connected
 * @param tls the connection's TLS session, or {@code null} when not connected or not over TLS
 */
public record Member(@Nullable NodeName name, PeerAddress address, MemberState state, Instant since,
		@Nullable Double rttMillis, @Nullable Reason lastError, @Nullable Instant nextAttempt,
		@Nullable Integer protocolVersion, @Nullable String cookieFingerprint, @Nullable TlsSession tls) {

	/**
	 * A member as seen without a connection's details.
	 * @param name the peer's node name, or {@code null} while it is unknown
	 * @param address the address this node dials
	 * @param state the current state
	 * @param since when the state was entered
	 * @param rttMillis the last heartbeat round-trip time, or {@code null}
	 * @param lastError why the peer is not connected, or {@code null}
	 * @param nextAttempt when the next dial is due while in backoff, or {@code null}
	 */
	public Member(@Nullable NodeName name, PeerAddress address, MemberState state, Instant since,
			@Nullable Double rttMillis, @Nullable Reason lastError, @Nullable Instant nextAttempt) {
		this(name, address, state, since, rttMillis, lastError, nextAttempt, null, null, null);
	}

	/**
	 * Whether the peer is connected.
	 * @return {@code true} in state {@link MemberState#CONNECTED}
	 */
	public boolean isConnected() {
		return this.state == MemberState.CONNECTED;
	}

}
