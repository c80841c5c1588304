package io.clusterboot;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * What an operator needs to know of a TLS certificate: whose it is and until when it is valid.
 *
 * @param subject the subject's distinguished name, e.g. {@code CN=orders-0}
 * @param notAfter the end of its validity
 */
public record CertificateSummary(String subject, Instant notAfter) {

	/**
	 * Summarises a certificate.
	 * @param certificate the certificate
	 * @return its summary
	 */
	public static CertificateSummary of(X509Certificate certificate) {
		return new CertificateSummary(certificate.getSubjectX500Principal().getName(),
				certificate.getNotAfter().toInstant());
	}

}
