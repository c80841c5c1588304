package io.clusterboot.internal.transport.handshake;

import io.clusterboot.NodeName;

/**
 * What a completed handshake proved about the peer.
 *
 * @param name the peer's node name
 * @param incarnation the peer process's identity
 * @param listenPort the peer's listener port
 * @param version the protocol version the connection speaks
 */
public record PeerIdentity(NodeName name, long incarnation, int listenPort, int version) {
}
