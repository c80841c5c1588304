package io.clusterboot;

import java.util.Locale;

/**
 * The state of a peer as this node sees it.
 */
public enum MemberState {

	/** A dial or handshake is under way, or is scheduled after a failure. */
	CONNECTING,

	/** Authenticated and alive. */
	CONNECTED,

	/** Was connected or was dialled, and is not now; {@link Member#lastError()} says why. */
	DOWN,

	/** Said goodbye with {@code LEAVE}; not dialled again until discovery shows it anew. */
	LEFT,

	/** Refused by the handshake (a wrong cookie, a duplicate name, another protocol version). */
	REJECTED;

	/**
	 * The lower-case name used in JSON and on the page.
	 * @return the identifier, e.g. {@code connected}
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}
