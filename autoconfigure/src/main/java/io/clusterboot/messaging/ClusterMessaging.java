package io.clusterboot.messaging;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.clusterboot.NodeName;

/**
 * Sends to other nodes over the cluster's connections. Per sender and receiver, messages arrive in
 * the order they were sent, at most once; nothing is kept for a node that is not connected. Payloads
 * are {@code byte[]} and {@code String} as they are, anything else through the application's JSON
 * mapper. Every failure is immediate and named ({@link ClusterMessagingException#failure()}).
 */
public interface ClusterMessaging {

	/**
	 * Sends a message to one node.
	 * @param node the receiver
	 * @param topic what it is about: 1 to 100 characters of letters, digits, {@code . _ - : /}
	 * @param payload the payload
	 * @throws ClusterMessagingException if the node is not connected, its connection is saturated, the
	 * payload is too large or the topic is not valid
	 */
	void send(NodeName node, String topic, Object payload);

	/**
	 * Sends a message to every connected node.
	 * @param topic what it is about
	 * @param payload the payload
	 * @return how many nodes it was written to; a saturated connection is skipped
	 */
	int broadcast(String topic, Object payload);

	/**
	 * Asks one node, within the default timeout ({@code cluster.messaging.request-timeout}).
	 * @param <T> the reply's type
	 * @param node the receiver
	 * @param topic what it is about
	 * @param payload the payload
	 * @param replyType what to convert the reply to
	 * @return the reply, or a future failed with a {@link ClusterMessagingException}
	 */
	<T> CompletableFuture<T> request(NodeName node, String topic, Object payload, Class<T> replyType);

	/**
	 * Asks one node.
	 * @param <T> the reply's type
	 * @param node the receiver
	 * @param topic what it is about
	 * @param payload the payload
	 * @param replyType what to convert the reply to
	 * @param timeout how long to wait for the reply
	 * @return the reply, or a future failed with a {@link ClusterMessagingException}
	 */
	<T> CompletableFuture<T> request(NodeName node, String topic, Object payload, Class<T> replyType,
			Duration timeout);

	/**
	 * The groups of nodes.
	 * @return the groups
	 */
	ClusterGroups groups();

	/**
	 * The topics that have a listener on this node.
	 * @return the topics, sorted
	 */
	Set<String> topics();

}
