package io.clusterboot.internal.transport.codec;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 instances for the handshake's proofs and the frames' tags, each a clone of one
 * prototype: {@code Mac.getInstance} looks the provider up and checks it on every call, which a fresh
 * node paid six times per connection (the convergence profile's {@code FrameMac.<init>} and
 * {@code HandshakeProofs.mac}).
 */
public final class HmacSha256 {

	private static final String ALGORITHM = "HmacSHA256";

	// Its provider is chosen here, during class initialisation: Mac chooses it lazily, unlocked, on the
	// first clone, which event loops cloning at once could race on. Once it is chosen, neither clone()
	// nor init() takes the lock that the clones share with the prototype.
	private static final Mac PROTOTYPE = prototype();

	private HmacSha256() {
	}

	/**
	 * A new instance, keyed.
	 * @param key the key's bytes
	 * @return the instance
	 */
	public static Mac keyed(byte[] key) {
		return keyed(new SecretKeySpec(key, ALGORITHM));
	}

	/**
	 * A new instance, keyed.
	 * @param key the key
	 * @return the instance
	 */
	public static Mac keyed(SecretKeySpec key) {
		try {
			Mac mac = copy();
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw unavailable(ex);
		}
	}

	private static Mac copy() throws GeneralSecurityException {
		try {
			return (Mac) PROTOTYPE.clone();
		}
		catch (CloneNotSupportedException ex) {
			return Mac.getInstance(ALGORITHM);
		}
	}

	// Keyed with a key of the kind ours are, so its provider is chosen as Mac.init chooses for a fresh
	// instance: the first that takes a raw SecretKeySpec, which need not be the first that lists the
	// algorithm (a PKCS#11 or FIPS provider listed first may want keys of its own). Every clone is keyed
	// again before use.
	private static Mac prototype() {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(new byte[32], ALGORITHM));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw unavailable(ex);
		}
	}

	private static IllegalStateException unavailable(GeneralSecurityException ex) {
		return new IllegalStateException(ALGORITHM + " is not available in this JVM", ex);
	}

}
