package io.clusterboot.internal.discovery.dns;

/**
 * A DNS query got no usable answer: a timeout, a network error, an error code such as SERVFAIL or
 * REFUSED, or a malformed packet. The message names the query, the server and what happened, for
 * operators. A name that does not exist is not an error.
 */
public class DnsLookupException extends Exception {

	private final boolean answered;

	/**
	 * Creates the exception.
	 * @param message what was asked, of which server, and what happened
	 * @param answered whether the server answered (with an error code) rather than not at all
	 */
	public DnsLookupException(String message, boolean answered) {
		super(message);
		this.answered = answered;
	}

	/**
	 * Whether the server answered, with an error code such as SERVFAIL, rather than not at all (a
	 * timeout, an unreachable server, a malformed packet). A server that answers may know other names.
	 * @return {@code true} if it answered
	 */
	public boolean answered() {
		return this.answered;
	}

}
