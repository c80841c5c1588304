package io.clusterboot.internal.transport.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.clusterboot.internal.node.Cookie;

/**
 * The proofs of the handshake (README, "How it works"). Each side proves it knows the cookie by an HMAC-SHA256,
 * keyed by the cookie's handshake key, over its role, both nonces and both names. The role and the
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
	 * {@code HMAC(k, "dialer" | nonce_l | nonce_d | name_d | name_l)}.
	 */
	public byte[] dialerProof(byte[] listenerNonce, byte[] dialerNonce, String dialerName, String listenerName) {
		return mac(DIALER, listenerNonce, dialerNonce, utf8(dialerName), utf8(listenerName));
	}

	/**
	 * {@code HMAC(k, "listener" | nonce_d | nonce_l | name_l | name_d)}.
	 */
	public byte[] listenerProof(byte[] dialerNonce, byte[] listenerNonce, String listenerName, String dialerName) {
		return mac(LISTENER, dialerNonce, listenerNonce, utf8(listenerName), utf8(dialerName));
	}

	/**
	 * The keys that authenticate the frames of a connection after its handshake, one per direction,
	 * both bound to the cookie, both nonces and both names: a relay that passed the handshake through
	 * holds neither.
	 * @return the keys
	 */
	public FrameKeys frameKeys(byte[] dialerNonce, byte[] listenerNonce, String dialerName, String listenerName) {
		byte[] d = utf8(dialerName);
		byte[] l = utf8(listenerName);
		return new FrameKeys(mac(DIALER_FRAMES, dialerNonce, listenerNonce, d, l),
				mac(LISTENER_FRAMES, dialerNonce, listenerNonce, d, l));
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
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			for (byte[] field : fields) {
				mac.update((byte) (field.length >>> 8));
				mac.update((byte) field.length);
				mac.update(field);
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
