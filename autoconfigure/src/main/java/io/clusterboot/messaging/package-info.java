/**
 * Messaging between nodes over the cluster's own authenticated connections, as Erlang's {@code !} and
 * {@code rpc}: {@link io.clusterboot.messaging.ClusterMessaging} to send,
 * {@link io.clusterboot.messaging.ClusterMessageListener} to receive.
 */
@NullMarked
package io.clusterboot.messaging;

import org.jspecify.annotations.NullMarked;
