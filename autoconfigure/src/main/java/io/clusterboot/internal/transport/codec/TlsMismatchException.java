package io.clusterboot.internal.transport.codec;

import io.clusterboot.Reason;

/**
 * One side of a connection speaks TLS and the other does not: found in the first byte the peer sent.
 */
public final class TlsMismatchException extends ProtocolException {

	private final Reason reason;

	/**
	 * Creates the exception.
	 * @param reason {@link Reason#TLS_REQUIRED} or {@link Reason#TLS_UNEXPECTED}
	 * @param message what to do about it
	 */
	public TlsMismatchException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Which side lacks TLS.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

}
