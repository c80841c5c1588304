package io.clusterboot.internal.node;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the host part of this node's name by {@link HostMode}.
 */
public final class NodeHostResolver {

	private final Function<String, String> environment;

	public NodeHostResolver() {
		this(System::getenv);
	}

	/**
	 * Creates a resolver that reads environment variables through the given function (for tests).
	 * @param environment the environment lookup
	 */
	public NodeHostResolver(Function<String, String> environment) {
		this.environment = environment;
	}

	/**
	 * Resolves the host.
	 * @param mode the host mode
	 * @param domain the domain suffix for {@link HostMode#DNS}, e.g. {@code myns.pod.cluster.local}
	 * @return the host
	 * @throws IllegalStateException if no host can be found; the message names the property to set
	 */
	public String resolve(HostMode mode, String domain) {
		return switch (mode) {
			case IP -> ip();
			case HOSTNAME -> shortName(hostname());
			case FQDN -> fqdn();
			case DNS -> dns(domain);
		};
	}

	private String ip() {
		String podIp = this.environment.apply("POD_IP");
		if (podIp != null && !podIp.isBlank()) {
			return podIp.strip();
		}
		return firstSiteLocalAddress().orElseThrow(() -> new IllegalStateException(
				"No site-local IP address found for the node name; set cluster.node.host or POD_IP"));
	}

	private String dns(String domain) {
		if (domain == null || domain.isBlank()) {
			throw new IllegalStateException(
					"cluster.node.host-mode=dns needs cluster.node.domain, e.g. myns.pod.cluster.local");
		}
		String ip = ip();
		String label = ip.replace('.', '-').replace(':', '-');
		String suffix = domain.strip();
		return label + (suffix.startsWith(".") ? suffix : "." + suffix);
	}

	private String hostname() {
		String fromEnv = this.environment.apply("HOSTNAME");
		if (fromEnv != null && !fromEnv.isBlank()) {
			return fromEnv.strip();
		}
		try {
			String fromFile = Files.readString(Path.of("/etc/hostname")).strip();
			if (!fromFile.isEmpty()) {
				return fromFile;
			}
		}
		catch (IOException ex) {
			// not Linux: fall through
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Cannot determine this host's name; set cluster.node.host", ex);
		}
	}

	private String fqdn() {
		try {
			String name = InetAddress.getLocalHost().getCanonicalHostName();
			if (name != null && !name.isBlank() && !Character.isDigit(name.charAt(0))) {
				return name;
			}
		}
		catch (UnknownHostException ex) {
			// fall through to the plain host name
		}
		return hostname();
	}

	private static String shortName(String host) {
		int dot = host.indexOf('.');
		return (dot > 0) ? host.substring(0, dot) : host;
	}

	static Optional<String> firstSiteLocalAddress() {
		try {
			List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
			interfaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
			for (NetworkInterface nic : interfaces) {
				if (!nic.isUp() || nic.isLoopback()) {
					continue;
				}
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
						return Optional.of(address.getHostAddress());
					}
				}
			}
			return Optional.empty();
		}
		catch (SocketException ex) {
			return Optional.empty();
		}
	}

}
