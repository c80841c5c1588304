package io.clusterboot.internal.discovery.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.xbill.DNS.Name;
import org.xbill.DNS.ResolverConfig;

import io.clusterboot.discovery.PeerAddress;
import io.netty.util.NetUtil;

/**
 * Where and how DNS discovery asks: the servers, the search path that completes a short name (as
 * the system resolver does), and the per-query timeout and retries.
 *
 * @param servers the servers, asked in order
 * @param searchPath the domains tried after (or before, see {@code ndots}) a relative name
 * @param ndots a relative name with at least this many dots is tried as it is first
 * @param timeout how long one query waits for an answer
 * @param retries how many more times a query is sent to each server after a failure
 */
public record DnsSettings(List<InetSocketAddress> servers, List<Name> searchPath, int ndots, Duration timeout,
		int retries) {

	/** The port of DNS servers when none is given. */
	public static final int DEFAULT_PORT = 53;

	public DnsSettings {
		servers = List.copyOf(servers);
		searchPath = List.copyOf(searchPath);
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("No DNS server");
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("The DNS timeout must be positive, is " + timeout);
		}
		if (retries < 0) {
			throw new IllegalArgumentException("The DNS retries must be 0 or more, is " + retries);
		}
	}

	/**
	 * The system's configuration as dnsjava reads it (on Linux {@code /etc/resolv.conf}: nameservers,
	 * search domains and {@code ndots}), optionally with another server.
	 * @param server the server to ask instead of the system's, or {@code null}
	 * @param timeout how long one query waits for an answer
	 * @param retries how many more times a query is sent after a failure
	 * @return the settings
	 */
	public static DnsSettings system(InetSocketAddress server, Duration timeout, int retries) {
		ResolverConfig system = ResolverConfig.getCurrentConfig();
		List<InetSocketAddress> servers = (server != null) ? List.of(server) : system.servers();
		return new DnsSettings(servers, system.searchPath(), system.ndots(), timeout, retries);
	}

	/**
	 * Parses a server given as {@code ip}, {@code ip:port} or {@code [ipv6]:port}. Only IP literals
	 * are accepted: resolving the resolver's own name would need a resolver.
	 * @param text the text
	 * @return the server's address
	 * @throws IllegalArgumentException if the text is not an IP address with an optional port
	 */
	public static InetSocketAddress parseServer(String text) {
		PeerAddress parsed = PeerAddress.parse(Objects.requireNonNull(text, "text"), DEFAULT_PORT);
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(parsed.host());
		if (bytes == null) {
			throw new IllegalArgumentException("'" + parsed.host() + "' is not an IP address");
		}
		try {
			return new InetSocketAddress(InetAddress.getByAddress(bytes), parsed.port());
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + parsed.host() + "' is not an IP address", ex);
		}
	}

}
