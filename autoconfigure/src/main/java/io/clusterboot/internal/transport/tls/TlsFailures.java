package io.clusterboot.internal.transport.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.clusterboot.Reason;
import io.clusterboot.internal.Untrusted;
import io.netty.handler.ssl.NotSslRecordException;

/**
 * Why a TLS handshake failed, as a {@link Reason}. The JDK tells a refused certificate on the side
 * that checked it by a certificate exception, and on the other side only by the alert it received.
 */
public final class TlsFailures {

	private TlsFailures() {
	}

	/**
	 * Classifies a failure.
	 * @param failure what a handler threw
	 * @return the reason, or {@code null} if the failure is no TLS failure
	 */
	public static Reason reason(Throwable failure) {
		boolean tls = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof NotSslRecordException) {
				return Reason.TLS_UNEXPECTED;
			}
			if (cause instanceof CertificateException || cause instanceof CertPathValidatorException
					|| (cause instanceof SSLException && namesCertificate(cause.getMessage()))) {
				return Reason.BAD_CERTIFICATE;
			}
			tls |= cause instanceof SSLException;
			if (cause.getCause() == cause) {
				break;
			}
		}
		return tls ? Reason.TLS_FAILED : null;
	}

	/**
	 * The most telling message of a TLS failure: the innermost one, which names the certificate problem
	 * where the outer ones only say that the handshake failed.
	 * @param failure what a handler threw
	 * @return the message
	 */
	public static String describe(Throwable failure) {
		String message = null;
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		// The JDK's words may quote what the peer sent (a certificate's names): one line, bounded.
		return (message != null) ? Untrusted.printable(message, 300) : failure.getClass().getSimpleName();
	}

	// The side that refused a certificate says so ("Empty client certificate chain" when the peer had
	// none from a CA this side trusts); the other side only learns the alert (RFC 8446 §6.2:
	// bad_certificate, certificate_expired, certificate_unknown, unknown_ca, …).
	private static boolean namesCertificate(String message) {
		if (message == null) {
			return false;
		}
		String lower = message.toLowerCase(Locale.ROOT);
		return lower.contains("certificate") || lower.contains("unknown_ca");
	}

}
