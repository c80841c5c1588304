package io.clusterboot.messaging;

import java.util.Locale;

/**
 * Why a message or a request failed.
 */
public enum MessagingFailure {

	/** The node is not connected: nothing is kept for it. */
	NOT_CONNECTED,

	/** The node went down while the request was pending. */
	NODE_DOWN,

	/** The receiver has no listener for the topic. */
	NO_LISTENER,

	/** The receiver's listener threw; the message says what. */
	REMOTE_ERROR,

	/** No reply within the timeout. */
	TIMEOUT,

	/** The payload does not fit in {@code cluster.transport.max-frame-size}. */
	PAYLOAD_TOO_LARGE,

	/** The connection's write buffer is full: the receiver reads slower than this node sends. */
	SATURATED,

	/** The topic is not a valid topic name. */
	INVALID_TOPIC,

	/** The payload could not be converted to or from its wire form. */
	CONVERSION,

	/** The node runs an older release whose protocol has no messaging: upgrade it. */
	NOT_SUPPORTED;

	/**
	 * The lower-case, hyphenated name used in logs and metrics.
	 * @return e.g. {@code no-listener}
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
