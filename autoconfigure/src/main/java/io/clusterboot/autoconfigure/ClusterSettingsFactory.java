package io.clusterboot.autoconfigure;

import java.time.Duration;

import io.clusterboot.NodeName;
import io.clusterboot.autoconfigure.ClusterProperties.Discovery.Strategy;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.node.NodeHostResolver;
import io.clusterboot.internal.transport.TransportSettings;
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code cluster.*} properties into {@link ClusterSettings}, checking each value and naming the
 * property when one cannot work.
 */
final class ClusterSettingsFactory {

	private static final Logger logger = LoggerFactory.getLogger(ClusterSettingsFactory.class);

	/** The basename of an application that names itself nowhere, as Spring calls such a context. */
	static final String DEFAULT_BASENAME = "application";


	/** Where nodes of the local strategy listen unless cluster.node.host says otherwise. */
	static final String LOOPBACK = "127.0.0.1";

	private final NodeHostResolver hostResolver;

	ClusterSettingsFactory(NodeHostResolver hostResolver) {
		this.hostResolver = hostResolver;
	}

	/**
	 * Creates the settings.
	 * @param properties the bound properties
	 * @param applicationName {@code spring.application.name}, if set
	 * @param local whether the node runs in local mode: loopback host, a port of
	 * {@code cluster.discovery.local.port-range}, the port in the node name (see {@link #isLocalMode})
	 * @return the settings
	 */
	ClusterSettings create(ClusterProperties properties, String applicationName, boolean local) {
		ClusterProperties.Node node = properties.getNode();
		ClusterProperties.Transport transport = properties.getTransport();
		String basename = basename(node, applicationName);
		String host = host(node, local);
		int[] ports = local ? portRange(properties.getDiscovery().getLocal().getPortRange())
				: new int[] { port(transport.getPort()), transport.getPort() };
		String bindAddress = bindAddress(transport, host, local);
		positive("cluster.heartbeat.interval", properties.getHeartbeat().getInterval());
		positive("cluster.heartbeat.timeout", properties.getHeartbeat().getTimeout());
		if (properties.getHeartbeat().getTimeout().compareTo(properties.getHeartbeat().getInterval()) <= 0) {
			throw new InvalidClusterPropertyException("cluster.heartbeat.timeout",
					"must be longer than cluster.heartbeat.interval",
					"Set cluster.heartbeat.timeout to several heartbeat intervals (default 5s for 1s).");
		}
		positive("cluster.transport.handshake-timeout", transport.getHandshakeTimeout());
		positive("cluster.discovery.poll-interval", properties.getDiscovery().getPollInterval());
		positive("cluster.reconnect.initial-backoff", properties.getReconnect().getInitialBackoff());
		if (properties.getReconnect().getMaxBackoff().compareTo(properties.getReconnect().getInitialBackoff()) < 0) {
			throw new InvalidClusterPropertyException("cluster.reconnect.max-backoff",
					"is shorter than cluster.reconnect.initial-backoff",
					"Set cluster.reconnect.max-backoff to at least cluster.reconnect.initial-backoff.");
		}
		long maxFrame = transport.getMaxFrameSize().toBytes();
		if (maxFrame < 1024 || maxFrame > 64L * 1024 * 1024) {
			throw new InvalidClusterPropertyException("cluster.transport.max-frame-size",
					"must be between 1KB and 64MB, is " + transport.getMaxFrameSize(),
					"Set cluster.transport.max-frame-size to a value such as 1MB.");
		}
		if (transport.getMaxPendingHandshakes() < 1) {
			throw new InvalidClusterPropertyException("cluster.transport.max-pending-handshakes", "must be at least 1",
					"Set cluster.transport.max-pending-handshakes to a positive number such as 64.");
		}
		if (transport.getMaxPendingHandshakesPerSource() < 1) {
			throw new InvalidClusterPropertyException("cluster.transport.max-pending-handshakes-per-source",
					"must be at least 1",
					"Set cluster.transport.max-pending-handshakes-per-source to a positive number such as 8.");
		}
		if (transport.getIoThreads() < 1) {
			throw new InvalidClusterPropertyException("cluster.transport.io-threads", "must be at least 1",
					"Set cluster.transport.io-threads to a positive number such as 2.");
		}
		TransportSettings transportSettings = new TransportSettings(bindAddress, ports[0], ports[1], (int) maxFrame,
				transport.getHandshakeTimeout(), properties.getHeartbeat().getInterval(),
				properties.getHeartbeat().getTimeout(), transport.getMaxPendingHandshakes(),
				transport.getMaxPendingHandshakesPerSource(), transport.getIoThreads());
		return new ClusterSettings(basename, host, local, transportSettings,
				properties.getDiscovery().getPollInterval(), properties.getReconnect().getInitialBackoff(),
				properties.getReconnect().getMaxBackoff());
	}

	/**
	 * Whether a node runs in local mode: only when the {@code local} strategy is chosen (explicitly or
	 * by default) and the application has no discovery of its own. An application's own
	 * {@code PeerDiscovery} may reach other hosts, so it gets the normal transport settings.
	 * @param strategy the bound {@code cluster.discovery.strategy}
	 * @param customDiscovery whether the application defines its own {@code PeerDiscovery} bean
	 * @return whether to run in local mode
	 */
	static boolean isLocalMode(Strategy strategy, boolean customDiscovery) {
		return strategy == Strategy.LOCAL && !customDiscovery;
	}

	private static String basename(ClusterProperties.Node node, String applicationName) {
		String basename = hasText(node.getBasename()) ? node.getBasename().strip()
				: hasText(applicationName) ? applicationName.strip() : null;
		if (basename == null) {
			// Adding the starter must never stop an application that starts without it.
			basename = DEFAULT_BASENAME;
			logger.info("Neither cluster.node.basename nor spring.application.name is set: this node is named "
					+ "{}@<host>; set spring.application.name to name it after the application", basename);
		}
		try {
			new NodeName(basename, "localhost");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClusterPropertyException("cluster.node.basename", ex.getMessage(),
					"Set cluster.node.basename (or spring.application.name) to letters, digits, '.', '_' or '-'.");
		}
		return basename;
	}

	private String host(ClusterProperties.Node node, boolean local) {
		String host;
		if (hasText(node.getHost())) {
			host = node.getHost().strip();
		}
		else if (local) {
			host = LOOPBACK;
		}
		else {
			try {
				host = this.hostResolver.resolve(node.getHostMode(), node.getDomain());
			}
			catch (IllegalStateException ex) {
				throw new InvalidClusterPropertyException("cluster.node.host-mode", ex.getMessage(),
						"Set cluster.node.host explicitly, or choose another cluster.node.host-mode.", ex);
			}
		}
		try {
			new NodeName("node", host);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClusterPropertyException("cluster.node.host", ex.getMessage(),
					"Set cluster.node.host to a host name or an IP address.");
		}
		return host;
	}

	private static String bindAddress(ClusterProperties.Transport transport, String host, boolean local) {
		if (hasText(transport.getBindAddress())) {
			String bind = transport.getBindAddress().strip();
			if (!NetUtil.isValidIpV4Address(bind) && !NetUtil.isValidIpV6Address(bind)) {
				throw new InvalidClusterPropertyException("cluster.transport.bind-address",
						"'" + bind + "' is not an IP address", "Set cluster.transport.bind-address to an IP address "
								+ "of this host, e.g. 0.0.0.0 for all interfaces.");
			}
			return bind;
		}
		if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
			return host;
		}
		return local ? LOOPBACK : null;
	}

	private static int port(int port) {
		if (port < 1 || port > 65535) {
			throw new InvalidClusterPropertyException("cluster.transport.port", port + " is not in 1-65535",
					"Set cluster.transport.port to a free TCP port, 4370 by default.");
		}
		return port;
	}

	static int[] portRange(String range) {
		String property = "cluster.discovery.local.port-range";
		String action = "Set " + property + " to a range such as 4370-4379.";
		if (!hasText(range)) {
			throw new InvalidClusterPropertyException(property, "is empty", action);
		}
		String[] parts = range.strip().split("-", -1);
		try {
			int first = Integer.parseInt(parts[0].strip());
			int last = (parts.length == 2) ? Integer.parseInt(parts[1].strip()) : first;
			if (parts.length > 2 || first < 1 || last > 65535 || last < first || last - first > 100) {
				throw new InvalidClusterPropertyException(property,
						"'" + range + "' is not a range of at most 100 ports within 1-65535", action);
			}
			return new int[] { first, last };
		}
		catch (NumberFormatException ex) {
			throw new InvalidClusterPropertyException(property, "'" + range + "' is not a port range", action);
		}
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidClusterPropertyException(property, "must be a positive duration, is " + value,
					"Set " + property + " to a positive duration such as 1s.");
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
