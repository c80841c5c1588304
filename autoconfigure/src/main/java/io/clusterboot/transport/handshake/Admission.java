package io.clusterboot.transport.handshake;

import io.clusterboot.NodeName;

/**
 * Decides, during a handshake, whether a peer with this name may connect. It is asked on an I/O
 * thread and must answer at once.
 */
@FunctionalInterface
public interface Admission {

	/**
	 * Checks a peer.
	 * @param peer the name the peer claims (its proof is checked separately)
	 * @param incarnation the peer process's random identity, which tells a restarted or duplicate
	 * node from a second connection of the same process
	 * @param dialling whether this node dialled the connection
	 * @return {@code null} to admit, else the reason to refuse, e.g. {@code duplicate-name}
	 */
	String refusal(NodeName peer, long incarnation, boolean dialling);

}
