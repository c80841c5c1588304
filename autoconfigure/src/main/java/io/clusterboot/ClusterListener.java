package io.clusterboot;

/**
 * Receives membership changes. Called on the cluster's membership thread, one event at a time, in
 * order; an implementation should return quickly and must not block.
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
