package io.clusterboot.messaging;

import java.util.Map;
import java.util.Set;

import io.clusterboot.NodeName;

/**
 * Named groups of nodes, as Erlang's {@code pg}: a node joins and leaves groups at run time, every
 * connected node learns of it over the existing connections, and a node that goes down leaves all
 * its groups. A group name follows the rules of a topic.
 */
public interface ClusterGroups {

	/** The most groups one node may be in; a peer announcing more is not believed. */
	int MAX_GROUPS = 256;

	/**
	 * Joins a group; joining twice is joining once.
	 * @param group the group
	 * @throws ClusterMessagingException if the name is not valid or this node is in {@link #MAX_GROUPS}
	 * groups already
	 */
	void join(String group);

	/**
	 * Leaves a group, if this node is in it.
	 * @param group the group
	 */
	void leave(String group);

	/**
	 * The nodes in a group: the connected ones that joined it, and this node if it did.
	 * @param group the group
	 * @return the members
	 */
	Set<NodeName> members(String group);

	/**
	 * Every group any connected node or this node is in, with its members.
	 * @return group to members, sorted by group
	 */
	Map<String, Set<NodeName>> all();

	/**
	 * Sends a message to every connected member of a group (this node excepted).
	 * @param group the group
	 * @param topic the topic
	 * @param payload the payload
	 * @return how many nodes it was written to
	 */
	int publish(String group, String topic, Object payload);

}
