package io.clusterboot;

import java.util.Locale;

/**
 * Why a peer is not connected: why a dial or a handshake failed, or why a connection ended. A closed
 * set, so that a reason can key a metric, a log line or a {@code switch} whatever a peer sends; a
 * reason a peer gives that this version does not know is {@link #OTHER}.
 */
public enum Reason {

	/** TCP could not connect. */
	UNREACHABLE,

	/** The peer's host name has no address (the name is wrong, or DNS cannot answer for it). */
	UNRESOLVABLE,

	/** The connection closed without a goodbye (the process died, the network failed). */
	CONNECTION_CLOSED,

	/** Nothing arrived for {@code cluster.heartbeat.timeout}. */
	HEARTBEAT_TIMEOUT,

	/** The peer said goodbye ({@code LEAVE}). */
	LEFT,

	/** This node is shutting down. */
	SHUTDOWN,

	/** The peer does not know this cluster's cookie. */
	BAD_COOKIE,

	/** Another running process already uses the peer's name. */
	DUPLICATE_NAME,

	/** A newer incarnation of the peer (it restarted) connected; the old connection was closed. */
	REPLACED,

	/** A second connection to a peer that is already connected, closed as redundant. */
	DUPLICATE_CONNECTION,

	/** The address is this node's own listener. */
	SELF,

	/** No protocol version both nodes speak. */
	INCOMPATIBLE_VERSION,

	/** The peer's node name is not valid. */
	INVALID_NAME,

	/** The peer broke the protocol (a malformed or unexpected frame). */
	PROTOCOL_ERROR,

	/** A frame after the handshake failed its authentication: injected, replayed, reordered or dropped on the way. */
	BAD_FRAME_MAC,

	/** A plaintext dial reached a node that requires TLS ({@code cluster.transport.ssl.bundle} is set there, not here). */
	TLS_REQUIRED,

	/** A TLS dial reached a node that does not use TLS ({@code cluster.transport.ssl.bundle} is set here, not there). */
	TLS_UNEXPECTED,

	/** The TLS handshake refused a certificate: issued by a CA the other side does not trust, expired, or not naming the dialled address. */
	BAD_CERTIFICATE,

	/** The TLS handshake failed for another reason than a certificate (no protocol or cipher suite in common). */
	TLS_FAILED,

	/** The handshake did not complete within {@code cluster.transport.handshake-timeout}. */
	HANDSHAKE_TIMEOUT,

	/** The peer has too many unauthenticated connections open ({@code max-pending-handshakes}). */
	BUSY,

	/** The peer has not finished starting. */
	STARTING,

	/** A reason the peer gave that this version does not know. */
	OTHER;

	/**
	 * The lower-case, hyphenated name used on the wire, in JSON, metrics and logs.
	 * @return the identifier, e.g. {@code heartbeat-timeout}
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Whether a handshake that ends this way refuses the peer rather than failing to reach it: the
	 * peer is shown as {@link MemberState#REJECTED}.
	 * @return {@code true} for a wrong cookie, a duplicate name, another protocol version, an invalid
	 * name, or TLS that one side requires and the other refuses or cannot complete
	 */
	public boolean isRejection() {
		return switch (this) {
			case BAD_COOKIE, DUPLICATE_NAME, INCOMPATIBLE_VERSION, INVALID_NAME, TLS_REQUIRED, TLS_UNEXPECTED,
					BAD_CERTIFICATE, TLS_FAILED -> true;
			default -> false;
		};
	}

	/**
	 * The reason a peer named on the wire. Never fails and never creates anything: a text that is no
	 * known identifier is {@link #OTHER}.
	 * @param id the identifier the peer sent
	 * @return the reason
	 */
	public static Reason fromWire(String id) {
		for (Reason reason : values()) {
			if (reason.id().equals(id)) {
				return reason;
			}
		}
		return OTHER;
	}

	@Override
	public String toString() {
		return id();
	}

}
