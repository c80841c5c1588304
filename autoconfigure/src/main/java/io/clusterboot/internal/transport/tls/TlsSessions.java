package io.clusterboot.internal.transport.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.clusterboot.CertificateSummary;
import io.clusterboot.TlsSession;

/**
 * What a connection's TLS session tells an operator.
 */
public final class TlsSessions {

	private TlsSessions() {
	}

	/**
	 * Summarises a completed session.
	 * @param session the session, with the peer's certificate (client authentication is required)
	 * @return the summary
	 */
	public static TlsSession of(SSLSession session) {
		try {
			Certificate[] chain = session.getPeerCertificates();
			return new TlsSession(session.getProtocol(), session.getCipherSuite(),
					CertificateSummary.of((X509Certificate) chain[0]));
		}
		catch (SSLPeerUnverifiedException ex) {
			// Cannot happen with client authentication required, which every cluster connection has.
			throw new IllegalStateException("TLS session without a peer certificate", ex);
		}
	}

}
