package io.clusterboot.messaging;

import org.jspecify.annotations.Nullable;

import io.clusterboot.NodeName;

/**
 * A message or a request failed, for a {@link MessagingFailure}.
 */
public class ClusterMessagingException extends RuntimeException {

	private final MessagingFailure failure;

	private final @Nullable NodeName node;

	private final String topic;

	public ClusterMessagingException(MessagingFailure failure, @Nullable NodeName node, String topic, String message) {
		super(failure.id() + ": " + message, null, false, false);
		this.failure = failure;
		this.node = node;
		this.topic = topic;
	}

	/**
	 * Why it failed.
	 * @return the failure
	 */
	public MessagingFailure failure() {
		return this.failure;
	}

	/**
	 * The node it was for.
	 * @return the node, or {@code null} for a broadcast
	 */
	public @Nullable NodeName node() {
		return this.node;
	}

	/**
	 * The topic.
	 * @return the topic
	 */
	public String topic() {
		return this.topic;
	}

}
