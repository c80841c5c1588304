package io.clusterboot.transport.codec;

import java.util.List;

/**
 * The messages of the wire protocol, one per frame type. Each frame is
 * {@code length:u32 | type:u8 | body}; see {@link MessageCodec} for the bodies.
 */
public sealed interface Message {

	/** Dialer → listener: who I am and my fresh nonce. */
	record Hello(String name, byte[] nonce, int listenPort, long incarnation) implements Message {
	}

	/** Listener → dialer: who I am and my fresh nonce. */
	record Challenge(String name, byte[] nonce, long incarnation) implements Message {
	}

	/** Dialer → listener: the dialer's proof of the cookie. */
	record Proof(byte[] mac) implements Message {
	}

	/** Listener → dialer: the listener's proof of the cookie, sent only after checking the dialer's. */
	record Accept(byte[] mac) implements Message {
	}

	/** Either side: the handshake is refused, with a short reason such as {@code bad-cookie}. */
	record Reject(String reason) implements Message {
	}

	/** Heartbeat request carrying the sender's clock, echoed in {@link Pong}. */
	record Ping(long nanos) implements Message {
	}

	/** Heartbeat reply. */
	record Pong(long nanos) implements Message {
	}

	/** The sender's connected members, so that the receiver can dial the ones it does not know. */
	record Members(List<Entry> members) implements Message {

		public Members {
			members = List.copyOf(members);
		}

		/** A member: its name, the address of its listener, and its process incarnation. */
		public record Entry(String name, String host, int port, long incarnation) {
		}

	}

	/** The sender is shutting down; the receiver should not dial it again. */
	record Leave() implements Message {
	}

}
