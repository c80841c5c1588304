package io.clusterboot.internal.transport.handshake;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;

/**
 * A handshake did not complete, for a {@link Reason} that shows up in logs, metrics and on the
 * endpoint. The message is safe to log: it holds no text from the network that was not validated.
 */
public class HandshakeFailedException extends RuntimeException {

	private final Reason reason;

	private final NodeName peer;

	private final boolean refusedByPeer;

	public HandshakeFailedException(Reason reason, String detail) {
		this(reason, detail, null, false);
	}

	public HandshakeFailedException(Reason reason, String detail, NodeName peer, boolean refusedByPeer) {
		super(reason.id() + ((detail != null) ? ": " + detail : ""), null, false, false);
		this.reason = reason;
		this.peer = peer;
		this.refusedByPeer = refusedByPeer;
	}

	/**
	 * The peer's name, if the handshake got far enough to learn it.
	 * @return the name, or {@code null}
	 */
	public NodeName peer() {
		return this.peer;
	}

	/**
	 * Why the handshake failed.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Whether the peer refused with a {@code REJECT} frame, rather than this node deciding: then the
	 * reason is only the peer's word.
	 * @return {@code true} when the reason came from the network
	 */
	public boolean refusedByPeer() {
		return this.refusedByPeer;
	}

}
