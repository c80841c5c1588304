package io.clusterboot.internal.transport.handshake;

import io.clusterboot.NodeName;
import io.clusterboot.internal.node.Cookie;

/**
 * What a completed handshake proved about the peer.
 *
 * @param name the peer's node name
 * @param incarnation the peer process's identity
 * @param listenPort the peer's listener port
 * @param version the protocol version the connection speaks
 * @param cookie the cookie both sides proved, or {@code null} where no handshake ran (tests)
 */
public record PeerIdentity(NodeName name, long incarnation, int listenPort, int version, Cookie cookie) {

	/**
	 * An identity without the cookie it was proved with.
	 */
	public PeerIdentity(NodeName name, long incarnation, int listenPort, int version) {
		this(name, incarnation, listenPort, version, null);
	}

}
