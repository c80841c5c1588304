package io.clusterboot.transport.handshake;

import io.clusterboot.NodeName;

/**
 * A handshake did not complete. The reason is a short, stable word that shows up in logs, metrics
 * and on the endpoint: {@code bad-cookie}, {@code duplicate-name}, {@code already-connected},
 * {@code self}, {@code handshake-timeout}, {@code protocol-error}, {@code busy}, …
 */
public class HandshakeFailedException extends RuntimeException {

	private final String reason;

	private final NodeName peer;

	public HandshakeFailedException(String reason, String detail) {
		this(reason, detail, null);
	}

	public HandshakeFailedException(String reason, String detail, NodeName peer) {
		super(reason + ((detail != null) ? ": " + detail : ""), null, false, false);
		this.reason = reason;
		this.peer = peer;
	}

	/**
	 * The peer's name, if the handshake got far enough to learn it.
	 * @return the name, or {@code null}
	 */
	public NodeName peer() {
		return this.peer;
	}

	/**
	 * The short reason.
	 * @return e.g. {@code bad-cookie}
	 */
	public String reason() {
		return this.reason;
	}

}
