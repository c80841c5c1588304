package io.clusterboot.internal.transport.codec;

import io.netty.handler.codec.DecoderException;

/**
 * The peer broke the wire protocol. The connection is closed; the message is for the log and names
 * what was wrong, never any payload.
 */
public class ProtocolException extends DecoderException {

	public ProtocolException(String message) {
		super(message);
	}

}
