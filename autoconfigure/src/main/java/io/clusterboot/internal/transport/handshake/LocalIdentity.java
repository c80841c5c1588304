package io.clusterboot.internal.transport.handshake;

import io.clusterboot.NodeName;
import io.clusterboot.internal.node.Cookies;

/**
 * What this node says about itself in a handshake.
 *
 * @param name the node name
 * @param incarnation a random number chosen at start, different for every process
 * @param listenPort the port of this node's listener, so a peer that accepted our dial knows where
 * to dial us back
 * @param cookies the cookie it uses and those it also accepts
 */
public record LocalIdentity(NodeName name, long incarnation, int listenPort, Cookies cookies) {
}
