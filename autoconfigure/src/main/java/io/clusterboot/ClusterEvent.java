package io.clusterboot;

/**
 * Something that happened to a peer: it came up or went down. Listeners and
 * {@code @EventListener}s may take this supertype and switch over the two.
 */
public sealed interface ClusterEvent permits NodeUpEvent, NodeDownEvent {

	/**
	 * The peer, as it was when the event happened.
	 * @return the member
	 */
	Member member();

}
