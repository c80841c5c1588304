package io.clusterboot.internal.transport.codec;

import io.netty.buffer.Unpooled;

/**
 * Tags frames the way a node does, for test peers that must write frames no node would write and
 * still have them authenticated, so that what is tested is the frame's content, not its tag.
 */
public final class FrameTags {

	private FrameTags() {
	}

	/**
	 * The tag of the next frame of one direction.
	 * @param mac the direction's MAC, counting frames
	 * @param typeAndBody the frame's type byte and body
	 * @return the tag
	 */
	public static byte[] next(FrameMac mac, byte[] typeAndBody) {
		return mac.next(Unpooled.wrappedBuffer(typeAndBody));
	}

}
