package io.clusterboot.internal.transport.codec;

/**
 * A frame after the handshake did not carry the tag of the next frame from the authenticated peer:
 * it was injected, replayed, reordered, or a frame before it was dropped.
 */
public final class FrameMacException extends ProtocolException {

	public FrameMacException() {
		super("a frame failed its authentication (injected, replayed, reordered, or one before it dropped)");
	}

}
