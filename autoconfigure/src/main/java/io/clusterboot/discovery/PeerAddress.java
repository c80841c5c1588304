package io.clusterboot.discovery;

import java.util.Objects;
import java.util.regex.Pattern;

import io.clusterboot.internal.Untrusted;
import io.netty.util.NetUtil;

/**
 * An address to dial: a host (IP literal or name) and a TCP port.
 *
 * @param host the host, without brackets for IPv6
 * @param port the port, 1-65535
 */
public record PeerAddress(String host, int port) implements Comparable<PeerAddress> {

	// Host names, IPv4 and IPv6 literals (with a zone): addresses also arrive from the network, in
	// member lists, and then reach logs and pages, so anything else is refused here, once.
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._%:\\-]{1,253}");

	public PeerAddress {
		Objects.requireNonNull(host, "host");
		if (host.isBlank()) {
			throw new IllegalArgumentException("Peer host is empty");
		}
		if (!HOST.matcher(host).matches()) {
			throw new IllegalArgumentException("Invalid peer host '" + Untrusted.printable(host)
					+ "': use a host name or an IP address (letters, digits, '.', '-', ':')");
		}
		// One spelling per IPv6 address (RFC 5952), so that ::1 from DNS and 0:0:0:0:0:0:0:1 from a
		// socket are the same peer.
		if (host.indexOf(':') >= 0 && NetUtil.isValidIpV6Address(host)) {
			host = NetUtil.toAddressString(NetUtil.createInetAddressFromIpAddressString(host));
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("Peer port " + port + " is not in 1-65535");
		}
	}

	/**
	 * Parses {@code host:port}, {@code [ipv6]:port}, or a bare host that gets the default port.
	 * @param text the text
	 * @param defaultPort the port when none is given, or {@code 0} to require one
	 * @return the address
	 * @throws IllegalArgumentException if the text is not an address
	 */
	public static PeerAddress parse(String text, int defaultPort) {
		String value = Objects.requireNonNull(text, "text").strip();
		String host;
		String port = null;
		if (value.startsWith("[")) {
			int close = value.indexOf(']');
			if (close < 0) {
				throw new IllegalArgumentException("Invalid address '" + value + "': missing ']'");
			}
			host = value.substring(1, close);
			String rest = value.substring(close + 1);
			if (!rest.isEmpty()) {
				if (!rest.startsWith(":")) {
					throw new IllegalArgumentException("Invalid address '" + value + "'");
				}
				port = rest.substring(1);
			}
		}
		else {
			int colon = value.lastIndexOf(':');
			if (colon >= 0 && value.indexOf(':') == colon) {
				host = value.substring(0, colon);
				port = value.substring(colon + 1);
			}
			else {
				host = value; // a bare host, or an IPv6 literal without brackets and port
			}
		}
		if (port == null) {
			if (defaultPort == 0) {
				throw new IllegalArgumentException("Invalid address '" + value + "': expected host:port");
			}
			return new PeerAddress(host, defaultPort);
		}
		try {
			return new PeerAddress(host, Integer.parseInt(port));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Invalid address '" + value + "': port is not a number");
		}
	}


	// Written out rather than left to the record, as in NodeName: the generated ones are bound through
	// invokedynamic on first use, on a fresh node's way to its first dials.
	@Override
	public boolean equals(Object other) {
		return this == other
				|| (other instanceof PeerAddress address && this.port == address.port && this.host.equals(address.host));
	}

	@Override
	public int hashCode() {
		return 31 * this.host.hashCode() + this.port;
	}

	@Override
	public int compareTo(PeerAddress other) {
		int byHost = this.host.compareTo(other.host);
		return (byHost != 0) ? byHost : Integer.compare(this.port, other.port);
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

}
