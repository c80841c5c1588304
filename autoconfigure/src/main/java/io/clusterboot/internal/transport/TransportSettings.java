package io.clusterboot.internal.transport;

import java.time.Duration;

import io.clusterboot.internal.transport.tls.TransportTls;

/**
 * Settings of the transport.
 *
 * @param bindAddress the address to listen on, or {@code null} for all interfaces
 * @param firstPort the port to listen on, or the first port of a range to try in order
 * @param lastPort the last port of the range ({@code firstPort} for a single port)
 * @param maxFrameSize the largest frame accepted after the handshake, in bytes
 * @param handshakeTimeout the deadline for a whole handshake
 * @param heartbeatInterval how often to send a heartbeat
 * @param heartbeatTimeout how long without any inbound frame marks the peer down
 * @param maxPendingHandshakes how many inbound unauthenticated connections may be open at once
 * @param maxPendingHandshakesPerSource how many of those may come from one source address (an IPv6
 * /64)
 * @param ioThreads the number of I/O threads
 * @param tls mutual TLS for every connection, or {@code null} for plaintext
 */
public record TransportSettings(String bindAddress, int firstPort, int lastPort, int maxFrameSize,
		Duration handshakeTimeout, Duration heartbeatInterval, Duration heartbeatTimeout, int maxPendingHandshakes,
		int maxPendingHandshakesPerSource, int ioThreads, TransportTls tls) {

	/**
	 * Settings of a plaintext transport.
	 */
	public TransportSettings(String bindAddress, int firstPort, int lastPort, int maxFrameSize,
			Duration handshakeTimeout, Duration heartbeatInterval, Duration heartbeatTimeout, int maxPendingHandshakes,
			int maxPendingHandshakesPerSource, int ioThreads) {
		this(bindAddress, firstPort, lastPort, maxFrameSize, handshakeTimeout, heartbeatInterval, heartbeatTimeout,
				maxPendingHandshakes, maxPendingHandshakesPerSource, ioThreads, null);
	}

	/**
	 * These settings with TLS.
	 * @param tls the TLS, or {@code null} for plaintext
	 * @return the settings
	 */
	public TransportSettings withTls(TransportTls tls) {
		return new TransportSettings(this.bindAddress, this.firstPort, this.lastPort, this.maxFrameSize,
				this.handshakeTimeout, this.heartbeatInterval, this.heartbeatTimeout, this.maxPendingHandshakes,
				this.maxPendingHandshakesPerSource, this.ioThreads, tls);
	}

	public TransportSettings {
		if (firstPort < 0 || lastPort < firstPort || lastPort > 65535) {
			throw new IllegalArgumentException("Invalid port range " + firstPort + "-" + lastPort);
		}
		if (maxPendingHandshakes < 1 || maxPendingHandshakesPerSource < 1) {
			throw new IllegalArgumentException("The pending handshake limits must be at least 1");
		}
		if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
			throw new IllegalArgumentException("The heartbeat timeout (" + heartbeatTimeout
					+ ") must be longer than the heartbeat interval (" + heartbeatInterval + ")");
		}
	}

}
