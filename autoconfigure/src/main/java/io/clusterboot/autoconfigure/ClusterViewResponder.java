package io.clusterboot.autoconfigure;

import java.time.Clock;
import java.time.Instant;

import io.clusterboot.Cluster;
import io.clusterboot.actuate.ClusterEndpoint;
import io.clusterboot.internal.messaging.Messenger;

/**
 * Answers the other nodes' whole-cluster views ({@code /actuator/cluster?scope=cluster}) with this
 * node's own, whether or not this node exposes the endpoint: it is asked over the cluster's
 * authenticated connections, not over HTTP, and answers from the published view, so nothing waits
 * for the membership thread.
 */
final class ClusterViewResponder {

	ClusterViewResponder(Cluster cluster, Messenger messenger, Instant startedAt) {
		ClusterEndpoint describer = new ClusterEndpoint(cluster, messenger, startedAt, Clock.systemUTC());
		messenger.registerReserved(ClusterEndpoint.VIEW_TOPIC, (sender, payload) -> describer.describe());
	}

}
