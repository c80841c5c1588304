package io.clusterboot.internal.node;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret that authenticates nodes to each other. It never leaves this object: the
 * handshake uses a key derived from it, operators see only its {@link #fingerprint() fingerprint}, and
 * {@link #toString()} shows the fingerprint too.
 */
public final class Cookie {

	/**
	 * The shortest configured cookie accepted: 22 characters of base64 carry 128 bits. A dialler proves
	 * the cookie before the listener does, so a fake listener can collect a proof and guess the cookie
	 * offline at leisure; only a long random cookie makes that hopeless.
	 */
	public static final int MIN_LENGTH = 22;

	private static final byte[] HANDSHAKE_DOMAIN = "clusterboot/handshake/v1".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ID_DOMAIN = "clusterboot/cookie-id/v1".getBytes(StandardCharsets.US_ASCII);

	/** Bytes in a cookie's {@link #id() id}. */
	public static final int ID_LENGTH = 8;

	private static final byte[] FINGERPRINT_SALT = "clusterboot/fingerprint/v1".getBytes(StandardCharsets.US_ASCII);

	// Slow on purpose: a fingerprint on a status page must not make a weak cookie cheap to guess.
	private static final int FINGERPRINT_ITERATIONS = 210_000;

	private final char[] value;

	private final byte[] handshakeKey;

	private final byte[] id;

	private volatile String fingerprint;

	private Cookie(char[] value) {
		this.value = value;
		this.handshakeKey = hmac(new String(value).getBytes(StandardCharsets.UTF_8), HANDSHAKE_DOMAIN);
		this.id = Arrays.copyOf(hmac(new String(value).getBytes(StandardCharsets.UTF_8), ID_DOMAIN), ID_LENGTH);
	}

	/**
	 * Creates a cookie from its text.
	 * @param value the secret; surrounding whitespace is ignored
	 * @return the cookie
	 * @throws IllegalArgumentException if the value is blank (the message never contains it)
	 */
	public static Cookie of(String value) {
		String trimmed = (value != null) ? value.strip() : "";
		if (trimmed.isEmpty()) {
			throw new IllegalArgumentException("The cluster cookie is empty");
		}
		return new Cookie(trimmed.toCharArray());
	}

	/**
	 * The key the handshake uses: {@code HMAC-SHA256(cookie, "clusterboot/handshake/v1")}, so that the
	 * handshake and the fingerprint never use the cookie in the same way.
	 * @return a copy of the key
	 */
	public byte[] handshakeKey() {
		return this.handshakeKey.clone();
	}

	/**
	 * What a dialler names the cookie by in its HELLO, so that a listener that knows several cookies
	 * proves with one the dialler knows: {@code HMAC-SHA256(cookie, "clusterboot/cookie-id/v1")}, the
	 * first {@value #ID_LENGTH} bytes. It tells no more about the cookie than the dialler's proof
	 * already does.
	 * @return a copy of the id
	 */
	public byte[] id() {
		return this.id.clone();
	}

	/**
	 * Whether the cookie is shorter than {@link #MIN_LENGTH}.
	 * @return {@code true} if it is short
	 */
	public boolean isShort() {
		return this.value.length < MIN_LENGTH;
	}

	/**
	 * A fingerprint that operators compare between nodes: PBKDF2-HMAC-SHA256 over a fixed, domain
	 * separating salt, shown as {@code SHA256:} and 16 bytes in hex. It tells two cookies apart and
	 * reveals nothing usable about either.
	 * @return the fingerprint
	 */
	public String fingerprint() {
		String result = this.fingerprint;
		if (result == null) {
			result = "SHA256:" + HexFormat.of().formatHex(pbkdf2());
			this.fingerprint = result;
		}
		return result;
	}

	private byte[] pbkdf2() {
		try {
			PBEKeySpec spec = new PBEKeySpec(this.value, FINGERPRINT_SALT, FINGERPRINT_ITERATIONS, 128);
			try {
				return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
			}
			finally {
				spec.clearPassword();
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", ex);
		}
	}

	static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}

	@Override
	public boolean equals(Object obj) {
		// Constant time: equality of secrets must not leak how much of them matched.
		return (obj instanceof Cookie other) && MessageDigest.isEqual(this.handshakeKey, other.handshakeKey);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.handshakeKey);
	}

	@Override
	public String toString() {
		return "Cookie[" + fingerprint() + "]";
	}

}
