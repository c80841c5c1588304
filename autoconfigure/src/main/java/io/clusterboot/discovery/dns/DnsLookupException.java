package io.clusterboot.discovery.dns;

/**
 * A DNS query got no usable answer: a timeout, a network error, an error code such as SERVFAIL or
 * REFUSED, or a malformed packet. The message names the query, the server and what happened, for
 * operators. A name that does not exist is not an error.
 */
public class DnsLookupException extends Exception {

	public DnsLookupException(String message) {
		super(message);
	}

}
