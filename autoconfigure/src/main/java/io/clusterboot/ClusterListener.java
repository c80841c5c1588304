package io.clusterboot;

/**
 * Receives membership changes, one event at a time, in order, on the cluster's events thread: a
 * listener that blocks delays other listeners, never membership, heartbeats or health.
 */
public interface ClusterListener {

	/** A listener that ignores every event. */
	ClusterListener NO_OP = new ClusterListener() {
	};

	/**
	 * A peer is connected.
	 * @param event the event
	 */
	default void nodeUp(NodeUpEvent event) {
	}

	/**
	 * A peer is no longer connected.
	 * @param event the event
	 */
	default void nodeDown(NodeDownEvent event) {
	}

}
