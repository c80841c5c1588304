package io.clusterboot.transport.handshake;

import io.clusterboot.NodeName;

/**
 * What a completed handshake proved about the peer.
 *
 * @param name the peer's node name
 * @param incarnation the peer process's identity
 * @param listenPort the peer's listener port
 */
public record PeerIdentity(NodeName name, long incarnation, int listenPort) {
}
