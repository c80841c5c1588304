package io.clusterboot.internal.transport.codec;

import java.util.List;

/**
 * The messages of the wire protocol, one per frame type. Each frame is
 * {@code length:u32 | type:u8 | body}; {@link MessageCodec} registers the types and their bodies.
 */
public interface Message {

	/**
	 * Dialer → listener: who I am, my fresh nonce, and what I speak.
	 *
	 * @param name the dialler's node name
	 * @param nonce its fresh nonce
	 * @param listenPort the port it listens on, so the listener knows where to dial it back
	 * @param incarnation its process incarnation
	 * @param minVersion the lowest protocol version it speaks
	 * @param maxVersion the highest protocol version it speaks
	 * @param capabilities optional features it offers, one bit each (none are defined yet)
	 * @param cookieIds the ids of the cookies it can prove, the one it uses first (see
	 * {@code Cookie.id()}); empty means "prove with your own"
	 */
	record Hello(String name, byte[] nonce, int listenPort, long incarnation, int minVersion, int maxVersion,
			long capabilities, List<byte[]> cookieIds) implements Message {

		/** A HELLO that names no cookie. */
		public Hello(String name, byte[] nonce, int listenPort, long incarnation, int minVersion, int maxVersion,
				long capabilities) {
			this(name, nonce, listenPort, incarnation, minVersion, maxVersion, capabilities, List.of());
		}

		/** A HELLO that speaks this node's versions, offers no capabilities and names no cookie. */
		public Hello(String name, byte[] nonce, int listenPort, long incarnation) {
			this(name, nonce, listenPort, incarnation, Protocol.MIN_VERSION, Protocol.VERSION, 0);
		}

	}

	/**
	 * Listener → dialer: who I am, my fresh nonce, and the version and capabilities the connection uses.
	 *
	 * @param name the listener's node name
	 * @param nonce its fresh nonce
	 * @param incarnation its process incarnation
	 * @param version the protocol version chosen: the highest both speak
	 * @param capabilities the capabilities both offer
	 * @param cookieIndex which of the dialler's cookie ids both prove with, or {@link #NO_COOKIE} when
	 * the listener knows none of them (each then proves with its own, and the handshake fails unless
	 * they are the same)
	 */
	record Challenge(String name, byte[] nonce, long incarnation, int version, long capabilities,
			int cookieIndex) implements Message {

		/** The listener knows none of the dialler's cookies. */
		public static final int NO_COOKIE = 255;

		/** A CHALLENGE that picks no cookie. */
		public Challenge(String name, byte[] nonce, long incarnation, int version, long capabilities) {
			this(name, nonce, incarnation, version, capabilities, NO_COOKIE);
		}

		/** A CHALLENGE for this node's version, no capabilities and no cookie picked. */
		public Challenge(String name, byte[] nonce, long incarnation) {
			this(name, nonce, incarnation, Protocol.VERSION, 0);
		}

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

	/**
	 * The groups the sender is in, all of them: each such frame replaces the last.
	 *
	 * @param groups the group names
	 */
	record Groups(List<String> groups) implements Message {

		public Groups {
			groups = List.copyOf(groups);
		}

	}

	/**
	 * An application message, one way.
	 *
	 * @param topic what it is about, a short ASCII name
	 * @param kind how the payload is encoded (bytes, text, JSON)
	 * @param payload the encoded payload
	 */
	record Data(String topic, int kind, byte[] payload) implements Message {
	}

	/**
	 * An application request, answered by a {@link Reply} with the same id.
	 *
	 * @param id chosen by the requester, unique per connection
	 * @param topic what it is about
	 * @param kind how the payload is encoded
	 * @param payload the encoded payload
	 */
	record Request(long id, String topic, int kind, byte[] payload) implements Message {
	}

	/**
	 * The answer to a {@link Request}.
	 *
	 * @param id the request's id
	 * @param status 0: the listener's return value; 1: no listener for the topic; 2: the listener
	 * failed (the payload is its exception's class and message, as text)
	 * @param kind how the payload is encoded
	 * @param payload the encoded payload
	 */
	record Reply(long id, int status, int kind, byte[] payload) implements Message {
	}

}
