package io.clusterboot.internal.messaging;

import java.time.Duration;

import io.clusterboot.messaging.MessagingFailure;

/**
 * Told of messages as they happen, for metrics. Topics are those the application sends on or
 * listens to, never text from the network that no listener knows. Must be quick; never blocks.
 */
public interface MessagingObserver {

	/** An observer that does nothing. */
	MessagingObserver NONE = new MessagingObserver() {
	};

	/**
	 * A message or request was written.
	 * @param topic its topic
	 */
	default void sent(String topic) {
	}

	/**
	 * A message or request reached a listener.
	 * @param topic its topic
	 */
	default void received(String topic) {
	}

	/**
	 * A request ended.
	 * @param topic its topic
	 * @param failure why it failed, or {@code null} on success
	 * @param took from the send to the reply or the failure
	 */
	default void requested(String topic, MessagingFailure failure, Duration took) {
	}

	/**
	 * A send, broadcast or publish was refused.
	 * @param failure why
	 */
	default void refused(MessagingFailure failure) {
	}

}
