package io.clusterboot.messaging;

import io.clusterboot.NodeName;

/**
 * Where a message came from; a {@link ClusterMessageListener} method may take it as a parameter.
 *
 * @param sender the node that sent it
 * @param topic its topic
 */
public record ClusterMessageContext(NodeName sender, String topic) {
}
