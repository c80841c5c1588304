package io.clusterboot.internal.transport;

import java.time.Instant;

import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.TlsSession;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.handshake.PeerIdentity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * An authenticated connection to a peer.
 */
public final class PeerConnection {

	private final Channel channel;

	private final PeerIdentity peer;

	private final boolean outbound;

	private final PeerAddress address;

	private final Instant since = Instant.now();

	private volatile long rttNanos = -1;

	private volatile ConnectionState state = ConnectionState.CONNECTED;

	private volatile Reason closeReason;

	private final TlsSession tls;

	PeerConnection(Channel channel, PeerIdentity peer, boolean outbound, PeerAddress address, TlsSession tls) {
		this.channel = channel;
		this.peer = peer;
		this.outbound = outbound;
		this.address = address;
		this.tls = tls;
	}

	/**
	 * The connection's TLS session.
	 * @return the session, or {@code null} for a plaintext connection
	 */
	public TlsSession tls() {
		return this.tls;
	}

	/** The peer's node name. */
	public NodeName name() {
		return this.peer.name();
	}

	/** The peer process's incarnation. */
	public long incarnation() {
		return this.peer.incarnation();
	}

	/** Whether this node dialled the connection. */
	public boolean outbound() {
		return this.outbound;
	}

	/** The address of the peer's listener. */
	public PeerAddress address() {
		return this.address;
	}

	/** When the handshake completed. */
	public Instant since() {
		return this.since;
	}

	/** The last heartbeat round trip in milliseconds, or {@code null} before the first. */
	public Double rttMillis() {
		long rtt = this.rttNanos;
		return (rtt < 0) ? null : rtt / 1_000_000.0;
	}

	/** The current state. */
	public ConnectionState state() {
		return this.state;
	}

	/** Whether the connection is open and authenticated. */
	public boolean isOpen() {
		return this.state == ConnectionState.CONNECTED && this.channel.isActive();
	}

	/**
	 * Sends a message, unless the connection has closed or its write buffer is over the high water
	 * mark (the peer reads slower than we write): then nothing is buffered and the caller decides.
	 * @param message the message
	 * @return whether it was written
	 */
	public boolean send(Message message) {
		if (!this.channel.isActive() || !this.channel.isWritable()) {
			return false;
		}
		this.channel.writeAndFlush(message, this.channel.voidPromise());
		return true;
	}

	/**
	 * Stops reading from the peer (its frames wait in the socket and, once that is full, its own write
	 * buffer): for a receiver whose handlers fall behind. Liveness is not judged while reading is paused.
	 */
	public void pauseReading() {
		this.channel.config().setAutoRead(false);
	}

	/**
	 * Reads from the peer again.
	 */
	public void resumeReading() {
		this.channel.config().setAutoRead(true);
	}

	/**
	 * Sends a small control message even over a saturated connection (it is queued behind the rest):
	 * for state whose loss would leave the peer wrong, sent only when that state changes.
	 * @param message the message
	 */
	public void sendControl(Message message) {
		if (this.channel.isActive()) {
			this.channel.writeAndFlush(message, this.channel.voidPromise());
		}
	}

	/**
	 * The protocol version this connection speaks.
	 * @return the version both sides chose in the handshake
	 */
	public int version() {
		return this.peer.version();
	}

	/**
	 * The fingerprint of the cookie both sides proved, which tells an operator rotating the cookie
	 * whether this peer has moved.
	 * @return the fingerprint, or {@code null} if unknown
	 */
	public String cookieFingerprint() {
		return (this.peer.cookie() != null) ? this.peer.cookie().fingerprint() : null;
	}

	/**
	 * Closes the connection.
	 * @param reason the reason given to the connection listener
	 */
	public void close(Reason reason) {
		closeReasonIfUnset(reason);
		this.channel.close();
	}

	/**
	 * Says goodbye ({@code LEAVE}) and closes once it is written.
	 * @return a future that completes when the channel is closed
	 */
	public io.netty.channel.ChannelFuture leave() {
		closeReasonIfUnset(Reason.SHUTDOWN);
		if (this.channel.isActive()) {
			this.channel.writeAndFlush(new Message.Leave()).addListener(ChannelFutureListener.CLOSE);
		}
		return this.channel.closeFuture();
	}

	void rttNanos(long rttNanos) {
		this.rttNanos = rttNanos;
	}

	void closeReasonIfUnset(Reason reason) {
		if (this.closeReason == null) {
			this.closeReason = reason;
		}
	}

	Reason markClosed() {
		this.state = ConnectionState.CLOSED;
		return (this.closeReason != null) ? this.closeReason : Reason.CONNECTION_CLOSED;
	}

	Channel channel() {
		return this.channel;
	}

	@Override
	public String toString() {
		return this.peer.name() + " at " + this.address + (this.outbound ? " (dialled)" : " (accepted)");
	}

}
