package io.clusterboot.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import io.clusterboot.internal.discovery.dns.DnsSettings;

/**
 * Turns {@code cluster.discovery.dns.*} into {@link DnsSettings} and checks the names of the dns and
 * srv strategies, naming the property when a value cannot work.
 */
final class DnsSettingsFactory {

	private DnsSettingsFactory() {
	}

	static DnsSettings create(ClusterProperties.Discovery.Dns dns) {
		InetSocketAddress server = null;
		if (dns.getServer() != null && !dns.getServer().isBlank()) {
			try {
				server = DnsSettings.parseServer(dns.getServer());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidClusterPropertyException("cluster.discovery.dns.server", ex.getMessage(),
						"Set cluster.discovery.dns.server to the IP address of a DNS server, with an optional port, "
								+ "e.g. 10.96.0.10 or 10.96.0.10:53, or leave it unset to use /etc/resolv.conf.");
			}
		}
		Duration timeout = dns.getTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidClusterPropertyException("cluster.discovery.dns.timeout",
					"must be a positive duration, is " + timeout, "Set cluster.discovery.dns.timeout to e.g. 2s.");
		}
		if (dns.getRetries() < 0) {
			throw new InvalidClusterPropertyException("cluster.discovery.dns.retries",
					"must be 0 or more, is " + dns.getRetries(), "Set cluster.discovery.dns.retries to e.g. 1.");
		}
		return DnsSettings.system(server, timeout, dns.getRetries());
	}

	static String name(String value, String property, String example) {
		String action = "Set " + property + " to the name to look up, e.g. " + example + ".";
		if (value == null || value.isBlank()) {
			throw new InvalidClusterPropertyException(property, "is not set", action);
		}
		try {
			Name.fromString(value.strip());
		}
		catch (TextParseException ex) {
			throw new InvalidClusterPropertyException(property, "'" + value + "' is not a DNS name: " + ex.getMessage(),
					action);
		}
		return value.strip();
	}

}
