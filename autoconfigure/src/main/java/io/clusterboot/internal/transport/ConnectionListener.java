package io.clusterboot.internal.transport;

import io.clusterboot.Reason;
import io.clusterboot.internal.transport.codec.Message;

/**
 * Receives what happens on authenticated connections. Called on I/O threads; implementations hand
 * the work to their own thread and return at once.
 */
public interface ConnectionListener {

	/** Ignores everything: for transports whose connections nobody else needs to hear of. */
	ConnectionListener NONE = new ConnectionListener() {

		@Override
		public void connected(PeerConnection connection) {
		}

		@Override
		public void closed(PeerConnection connection, Reason reason) {
		}

		@Override
		public void members(PeerConnection connection, Message.Members members) {
		}

	};

	/**
	 * A handshake completed.
	 * @param connection the new connection
	 */
	void connected(PeerConnection connection);

	/**
	 * An authenticated connection closed.
	 * @param connection the connection
	 * @param reason why
	 */
	void closed(PeerConnection connection, Reason reason);

	/**
	 * The peer sent its member list.
	 * @param connection the connection
	 * @param members the list
	 */
	void members(PeerConnection connection, Message.Members members);

}
