package io.clusterboot.internal.transport.handshake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.codec.HmacSha256;
import io.clusterboot.internal.transport.codec.Message;

/**
 * The proofs of the handshake (README, "How it works"). Each side proves it knows the cookie by an HMAC-SHA256,
 * keyed by the cookie's handshake key, over its role and the whole handshake: both nonces, both names,
 * both incarnations, the port, the versions, the capabilities and the cookies named and picked. The role and the
 * order of the fields differ between the two sides, so a proof can be neither replayed on another
 * connection (fresh nonces) nor reflected back to its sender (another role). Every field is length
 * prefixed, so no two different field lists give the same input.
 */
public final class HandshakeProofs {

	private static final byte[] DIALER = "dialer".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LISTENER = "listener".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DIALER_FRAMES = "frames dialer to listener".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LISTENER_FRAMES = "frames listener to dialer".getBytes(StandardCharsets.US_ASCII);

	private final SecretKeySpec key;

	public HandshakeProofs(Cookie cookie) {
		this.key = new SecretKeySpec(cookie.handshakeKey(), "HmacSHA256");
	}

	/**
	 * The dialler's proof: {@code HMAC(k, "dialer" | transcript)}.
	 * @param hello the dialler's HELLO
	 * @param challenge the listener's CHALLENGE
	 * @return the proof
	 */
	public byte[] dialerProof(Message.Hello hello, Message.Challenge challenge) {
		return mac(DIALER, transcript(hello, challenge));
	}

	/**
	 * The listener's proof: {@code HMAC(k, "listener" | transcript)}.
	 * @param hello the dialler's HELLO
	 * @param challenge the listener's CHALLENGE
	 * @return the proof
	 */
	public byte[] listenerProof(Message.Hello hello, Message.Challenge challenge) {
		return mac(LISTENER, transcript(hello, challenge));
	}

	/**
	 * The keys that authenticate the frames of a connection after its handshake, one per direction,
	 * both bound to the cookie and the whole handshake: a relay that passed the handshake through
	 * holds neither.
	 * @param hello the dialler's HELLO
	 * @param challenge the listener's CHALLENGE
	 * @return the keys
	 */
	public FrameKeys frameKeys(Message.Hello hello, Message.Challenge challenge) {
		byte[] transcript = transcript(hello, challenge);
		return new FrameKeys(mac(DIALER_FRAMES, transcript), mac(LISTENER_FRAMES, transcript));
	}

	// Every field of HELLO and CHALLENGE, so that a relay can change none of them (an incarnation, a
	// port, a version range) without every proof failing.
	private static byte[] transcript(Message.Hello hello, Message.Challenge challenge) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(160);
		field(out, utf8(hello.name()));
		field(out, hello.nonce());
		field(out, number(hello.listenPort()));
		field(out, number(hello.incarnation()));
		field(out, number(hello.minVersion()));
		field(out, number(hello.maxVersion()));
		field(out, number(hello.capabilities()));
		field(out, number(hello.cookieIds().size()));
		hello.cookieIds().forEach((id) -> field(out, id));
		field(out, utf8(challenge.name()));
		field(out, challenge.nonce());
		field(out, number(challenge.incarnation()));
		field(out, number(challenge.version()));
		field(out, number(challenge.capabilities()));
		field(out, number(challenge.cookieIndex()));
		return out.toByteArray();
	}

	private static void field(ByteArrayOutputStream out, byte[] value) {
		out.write(value.length >>> 8);
		out.write(value.length);
		out.write(value, 0, value.length);
	}

	private static byte[] number(long value) {
		byte[] bytes = new byte[8];
		for (int i = 0; i < 8; i++) {
			bytes[i] = (byte) (value >>> (56 - 8 * i));
		}
		return bytes;
	}

	/**
	 * The frame keys of one connection.
	 *
	 * @param dialerToListener authenticates what the dialler sends
	 * @param listenerToDialer authenticates what the listener sends
	 */
	public record FrameKeys(byte[] dialerToListener, byte[] listenerToDialer) {
	}

	/**
	 * Compares a received proof with the expected one in constant time.
	 * @param expected the proof computed here
	 * @param received the proof from the peer
	 * @return whether they are equal
	 */
	public static boolean matches(byte[] expected, byte[] received) {
		return MessageDigest.isEqual(expected, received);
	}

	private byte[] mac(byte[]... fields) {
		Mac mac = HmacSha256.keyed(this.key);
		for (byte[] field : fields) {
			mac.update((byte) (field.length >>> 8));
			mac.update((byte) field.length);
			mac.update(field);
		}
		return mac.doFinal();
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
