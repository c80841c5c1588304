package io.clusterboot.internal.transport;

import java.time.Duration;

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
 */
public record TransportSettings(String bindAddress, int firstPort, int lastPort, int maxFrameSize,
		Duration handshakeTimeout, Duration heartbeatInterval, Duration heartbeatTimeout, int maxPendingHandshakes,
		int maxPendingHandshakesPerSource, int ioThreads) {

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
