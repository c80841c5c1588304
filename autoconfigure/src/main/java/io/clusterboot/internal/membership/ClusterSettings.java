package io.clusterboot.internal.membership;

import java.time.Duration;

import io.clusterboot.internal.transport.TransportSettings;

/**
 * Settings of a cluster node.
 *
 * @param basename the node name's basename
 * @param host the node name's host part
 * @param portInName whether the listener's port is appended to the basename ({@code app-4371}), so
 * that several nodes of one application on one host get distinct names
 * @param transport the transport settings
 * @param pollInterval how often discovery runs
 * @param initialBackoff the first reconnect delay
 * @param maxBackoff the longest reconnect delay
 */
public record ClusterSettings(String basename, String host, boolean portInName, TransportSettings transport,
		Duration pollInterval, Duration initialBackoff, Duration maxBackoff) {

	/**
	 * These settings with other transport settings.
	 * @param transport the transport settings
	 * @return the settings
	 */
	public ClusterSettings withTransport(TransportSettings transport) {
		return new ClusterSettings(this.basename, this.host, this.portInName, transport, this.pollInterval,
				this.initialBackoff, this.maxBackoff);
	}

}
