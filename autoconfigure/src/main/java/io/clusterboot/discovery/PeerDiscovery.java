package io.clusterboot.discovery;

/**
 * Finds the addresses of the other nodes. Called from the cluster's discovery thread, one call at a
 * time, every {@code cluster.discovery.poll-interval}; it may block for a bounded time.
 * Implementations return {@link DiscoveryResult.Failed} rather than throw; an exception is treated as
 * a failure too.
 */
public interface PeerDiscovery extends AutoCloseable {

	/**
	 * The strategy's name, e.g. {@code dns}, shown on the endpoint.
	 * @return the name
	 */
	String name();

	/**
	 * Asks the source once.
	 * @return the addresses found, or why none could be found
	 */
	DiscoveryResult discover();

	/**
	 * Starts watching the source, for strategies that can push changes. The default does nothing and
	 * the cluster polls.
	 * @param changed to call when the source reports a change; the cluster then runs a round soon
	 */
	default void watch(Runnable changed) {
	}

	@Override
	default void close() {
	}

}
