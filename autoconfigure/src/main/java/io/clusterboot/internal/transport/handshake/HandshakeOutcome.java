package io.clusterboot.internal.transport.handshake;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/**
 * Where a handshake handler reports how it ended.
 */
public interface HandshakeOutcome {

	/**
	 * The peer is authenticated. Called on the channel's event loop before the handshake handler
	 * leaves the pipeline; the callee installs what handles the connection from now on.
	 * @param ctx the handshake handler's context
	 * @param peer the authenticated peer
	 */
	void succeeded(ChannelHandlerContext ctx, PeerIdentity peer);

	/**
	 * The handshake failed; the channel is being closed.
	 * @param channel the channel
	 * @param failure why
	 */
	void failed(Channel channel, HandshakeFailedException failure);

}
