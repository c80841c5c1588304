package io.clusterboot.internal.membership;

import java.time.Duration;

import io.clusterboot.Reason;
import io.clusterboot.internal.transport.TransportObserver;

/**
 * Told what happens where it happens, so that metrics need no thread of their own and no polling.
 * Called on I/O, membership and discovery threads: implementations must be quick and must not block.
 */
public interface ClusterObserver extends TransportObserver {

	/** An observer that does nothing. */
	ClusterObserver NONE = new ClusterObserver() {
	};

	/**
	 * A dial ended.
	 * @param failure why it failed, or {@code null} when it connected
	 */
	default void dialed(Reason failure) {
	}

	/**
	 * A discovery round ended.
	 * @param took how long it took
	 * @param failed whether it failed
	 */
	default void discovered(Duration took, boolean failed) {
	}

}
