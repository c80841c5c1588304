package io.clusterboot;

import java.util.Objects;
import java.util.regex.Pattern;

import io.clusterboot.internal.Untrusted;

/**
 * A node's name, {@code basename@host}, as in Erlang distribution. Names are exchanged in the
 * handshake, so every name that arrives from the network is validated here before it is used.
 *
 * @param basename the part before {@code @}, usually {@code spring.application.name}
 * @param host the part after {@code @}: an IP literal or a host name
 */
public record NodeName(String basename, String host) implements Comparable<NodeName> {

	/** Longest accepted name, in characters, so a peer cannot make us hold large strings. */
	public static final int MAX_LENGTH = 255;

	private static final Pattern BASENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");

	// Host names, IPv4 literals and IPv6 literals (hex digits and colons, optional zone-less).
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9:][A-Za-z0-9.\\-:]{0,189}");

	public NodeName {
		Objects.requireNonNull(basename, "basename");
		Objects.requireNonNull(host, "host");
		if (!BASENAME.matcher(basename).matches()) {
			throw new IllegalArgumentException("Invalid node basename '" + Untrusted.printable(basename)
					+ "': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		if (!HOST.matcher(host).matches()) {
			throw new IllegalArgumentException("Invalid node host '" + Untrusted.printable(host)
					+ "': use a host name or an IP address (letters, digits, '.', '-', ':')");
		}
	}

	/**
	 * Parses {@code basename@host}.
	 * @param name the text to parse
	 * @return the name
	 * @throws IllegalArgumentException if the text is not a valid node name
	 */
	public static NodeName parse(String name) {
		Objects.requireNonNull(name, "name");
		if (name.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("Invalid node name: longer than " + MAX_LENGTH + " characters");
		}
		int at = name.indexOf('@');
		if (at < 0 || at != name.lastIndexOf('@')) {
			throw new IllegalArgumentException(
					"Invalid node name '" + Untrusted.printable(name) + "': expected basename@host");
		}
		return new NodeName(name.substring(0, at), name.substring(at + 1));
	}

	// Written out rather than left to the record: the generated ones are bound through invokedynamic
	// on first use, which a fresh node pays on its first dials, and run slower until compiled.
	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof NodeName name && this.basename.equals(name.basename)
				&& this.host.equals(name.host));
	}

	@Override
	public int hashCode() {
		return 31 * this.basename.hashCode() + this.host.hashCode();
	}

	@Override
	public int compareTo(NodeName other) {
		return toString().compareTo(other.toString());
	}

	@Override
	public String toString() {
		return this.basename + "@" + this.host;
	}


}
