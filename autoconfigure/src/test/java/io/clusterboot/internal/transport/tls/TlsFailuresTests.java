package io.clusterboot.internal.transport.tls;

import java.io.IOException;
import java.security.cert.CertificateExpiredException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import io.clusterboot.Reason;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a TLS failure becomes a reason, on the side that refused and on the side that was told.
 */
class TlsFailuresTests {

	@Test
	void aPlaintextAnswerToATlsDialIsTlsUnexpected() {
		assertThat(TlsFailures.reason(new DecoderException(new NotSslRecordException("not an SSL/TLS record"))))
			.isEqualTo(Reason.TLS_UNEXPECTED);
	}

	@Test
	void aRefusedCertificateIsBadCertificateOnBothSides() {
		SSLHandshakeException checked = new SSLHandshakeException("PKIX path validation failed");
		checked.initCause(new CertificateExpiredException("NotAfter: Thu Dec 03 03:13:23 UTC 2026"));
		assertThat(TlsFailures.reason(new DecoderException(checked))).isEqualTo(Reason.BAD_CERTIFICATE);
		assertThat(TlsFailures.reason(new SSLHandshakeException("Received fatal alert: unknown_ca")))
			.isEqualTo(Reason.BAD_CERTIFICATE);
		assertThat(TlsFailures.reason(new SSLHandshakeException("Empty client certificate chain")))
			.isEqualTo(Reason.BAD_CERTIFICATE);
	}

	@Test
	void anotherTlsFailureIsTlsFailedAndAnythingElseIsNoTlsFailure() {
		assertThat(TlsFailures.reason(new SSLHandshakeException("No appropriate protocol"))).isEqualTo(Reason.TLS_FAILED);
		assertThat(TlsFailures.reason(new IOException("Connection reset by peer"))).isNull();
	}

	@Test
	void theDescriptionIsTheInnermostMessageOnOneLineOfBoundedLength() {
		SSLHandshakeException outer = new SSLHandshakeException("handshake failed");
		outer.initCause(new CertificateExpiredException("subject CN=a\nINFO Node up: forged " + "x".repeat(400)));
		String description = TlsFailures.describe(new DecoderException(outer));
		assertThat(description).startsWith("subject CN=a?INFO Node up: forged").doesNotContain("\n");
		assertThat(description).hasSizeLessThanOrEqualTo(301);
	}

}
