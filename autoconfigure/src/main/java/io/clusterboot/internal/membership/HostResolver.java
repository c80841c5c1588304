package io.clusterboot.internal.membership;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns the host of a peer address that is a name into an IP address. It may block (a DNS server
 * that does not answer), so it is only ever called on the discovery thread, never on the threads
 * that carry heartbeats or own the peer table.
 */
@FunctionalInterface
interface HostResolver {

	/** The JVM's resolver: the hosts file, then DNS. */
	HostResolver SYSTEM = InetAddress::getByName;

	/**
	 * Resolves a host name.
	 * @param host the name
	 * @return an address
	 * @throws UnknownHostException if the name has no address
	 */
	InetAddress resolve(String host) throws UnknownHostException;

}
