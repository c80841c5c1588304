package io.clusterboot.internal.transport.handshake;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;

/**
 * Decides, during a handshake, whether a peer with this name may connect. It is asked on an I/O
 * thread and must answer at once; a listener asks only once the dialler has proved the cookie.
 */
@FunctionalInterface
public interface Admission {

	/**
	 * Checks a peer.
	 * @param peer the name the peer claims (its proof is checked separately)
	 * @param incarnation the peer process's random identity, which tells a restarted or duplicate
	 * node from a second connection of the same process
	 * @return {@code null} to admit, else the reason to refuse, e.g. {@link Reason#DUPLICATE_NAME}
	 */
	Reason refusal(NodeName peer, long incarnation);

}
