package io.clusterboot.internal.transport.codec;

import java.nio.charset.StandardCharsets;

import javax.crypto.Mac;
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

	private static byte[] reference(byte[] key, String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(bytes(text));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
