package io.clusterboot.internal.node;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CookieTests {

	private static final String SECRET = "correct-horse-battery-staple-42";

	@Test
	void toStringShowsTheFingerprintAndNeverTheValue() {
		Cookie cookie = Cookie.of(SECRET);
		assertThat(cookie.toString()).doesNotContain(SECRET).contains(cookie.fingerprint());
	}

	@Test
	void fingerprintIsStableAndTellsCookiesApart() {
		assertThat(Cookie.of(SECRET).fingerprint()).isEqualTo(Cookie.of(SECRET).fingerprint())
			.startsWith("SHA256:")
			.hasSize("SHA256:".length() + 32);
		assertThat(Cookie.of(SECRET).fingerprint()).isNotEqualTo(Cookie.of(SECRET + "x").fingerprint());
	}

	@Test
	void fingerprintIsNotAPlainHashOfTheCookie() throws Exception {
		byte[] plain = java.security.MessageDigest.getInstance("SHA-256")
			.digest(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(Cookie.of(SECRET).fingerprint()).doesNotContain(java.util.HexFormat.of().formatHex(plain, 0, 16));
	}

	@Test
	void handshakeKeyDiffersFromTheCookieBytes() {
		assertThat(Cookie.of(SECRET).handshakeKey()).isNotEqualTo(SECRET.getBytes());
	}

	@Test
	void surroundingWhitespaceIsIgnoredAndBlankIsRefused() {
		assertThat(Cookie.of("  " + SECRET + "\n")).isEqualTo(Cookie.of(SECRET));
		assertThatIllegalArgumentException().isThrownBy(() -> Cookie.of(" \n"));
	}

	@Test
	void shortCookiesAreFlagged() {
		assertThat(Cookie.of("short").isShort()).isTrue();
		assertThat(Cookie.of(SECRET).isShort()).isFalse();
	}

}
