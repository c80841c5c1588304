package io.clusterboot.internal.transport.codec;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.Provider;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;

import javax.crypto.Mac;
import javax.crypto.MacSpi;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances cloned from one prototype compute the JDK's HMAC-SHA256 and share no state: two in use
 * at once, with different keys, each give the reference tag.
 */
class HmacSha256Tests {

	private static final byte[] KEY_A = "key a, thirty-two bytes long....".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] KEY_B = "key b, thirty-two bytes long....".getBytes(StandardCharsets.US_ASCII);

	@Test
	void instancesInUseAtOnceGiveTheReferenceTagsOfTheirOwnKeys() throws Exception {
		Mac a = HmacSha256.keyed(KEY_A);
		Mac b = HmacSha256.keyed(KEY_B);
		a.update(bytes("first half of a, "));
		b.update(bytes("all of b"));
		a.update(bytes("second half of a"));
		assertThat(b.doFinal()).isEqualTo(reference(KEY_B, "all of b"));
		assertThat(a.doFinal()).isEqualTo(reference(KEY_A, "first half of a, second half of a"));
		assertThat(HmacSha256.keyed(new SecretKeySpec(KEY_A, "HmacSHA256")).doFinal(bytes("again")))
			.isEqualTo(reference(KEY_A, "again"));
	}

	@Test
	void theProviderIsTheFirstThatTakesOurKindOfKeyNotTheFirstThatListsTheAlgorithm() throws Exception {
		// A provider listed first that wants keys of its own, as a PKCS#11 token's may: a fresh Mac would
		// pass over it at init, and so must the prototype. A class loader of its own initialises a
		// prototype while that provider is installed.
		Provider picky = new Provider("PickyTestProvider", "1", "refuses every key") {
		};
		picky.put("Mac.HmacSHA256", PickyMac.class.getName());
		URL ours = HmacSha256.class.getProtectionDomain().getCodeSource().getLocation();
		Security.insertProviderAt(picky, 1);
		try (URLClassLoader fresh = new URLClassLoader(new URL[] { ours }, ClassLoader.getPlatformClassLoader())) {
			Class<?> prototypeHolder = fresh.loadClass(HmacSha256.class.getName());
			assertThat(prototypeHolder).isNotSameAs(HmacSha256.class);
			Method keyed = prototypeHolder.getMethod("keyed", byte[].class);
			Mac mac = (Mac) keyed.invoke(null, (Object) KEY_A);
			assertThat(mac.getProvider().getName()).isNotEqualTo("PickyTestProvider");
			assertThat(mac.doFinal(bytes("tag"))).isEqualTo(reference(KEY_A, "tag"));
		}
		finally {
			Security.removeProvider("PickyTestProvider");
		}
	}

	/** An HMAC that takes no key at all. */
	public static final class PickyMac extends MacSpi implements Cloneable {

		@Override
		protected int engineGetMacLength() {
			return 32;
		}

		@Override
		protected void engineInit(Key key, AlgorithmParameterSpec params) throws InvalidKeyException {
			throw new InvalidKeyException("only keys of this provider's own token");
		}

		@Override
		protected void engineUpdate(byte input) {
		}

		@Override
		protected void engineUpdate(byte[] input, int offset, int len) {
		}

		@Override
		protected void engineUpdate(ByteBuffer input) {
		}

		@Override
		protected byte[] engineDoFinal() {
			return new byte[32];
		}

		@Override
		protected void engineReset() {
		}

	}

	private static byte[] reference(byte[] key, String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(bytes(text));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
