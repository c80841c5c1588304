package io.clusterboot.internal.transport;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.transport.handshake.PeerIdentity;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Authenticated connections without a network, for unit tests of what is done with them: each sits
 * on an {@link EmbeddedChannel}, open until it is closed.
 */
public final class TestConnections {

	private TestConnections() {
	}

	/**
	 * A connection to a peer.
	 * @param peer the peer's name
	 * @param incarnation the peer process's incarnation
	 * @param outbound whether this node dialled it
	 * @param address the address of the peer's listener
	 * @return an open connection
	 */
	public static PeerConnection connection(NodeName peer, long incarnation, boolean outbound, PeerAddress address) {
		return new PeerConnection(new EmbeddedChannel(), new PeerIdentity(peer, incarnation, address.port(), 1),
				outbound, address, null);
	}

	/** The messages written to the connection so far (and not read by an earlier call). */
	public static java.util.List<Object> written(PeerConnection connection) {
		return written((EmbeddedChannel) connection.channel());
	}

	/** The messages written to the channel so far (and not read by an earlier call). */
	static java.util.List<Object> written(EmbeddedChannel channel) {
		java.util.List<Object> written = new java.util.ArrayList<>();
		for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
			written.add(message);
		}
		return written;
	}

	/** The reason the connection was closed with, or {@code null} while it is open. */
	public static io.clusterboot.Reason closedWith(PeerConnection connection) {
		return connection.channel().isActive() ? null : connection.markClosed();
	}

}
