package io.clusterboot.internal.transport.tls;

import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a node's TLS is made of, as one SSL bundle gives it.
 *
 * @param keyManagers this node's key and certificate, presented to every peer
 * @param trustManagers the CAs a peer's certificate must come from
 * @param certificate this node's certificate, for the endpoint
 * @param protocols the protocols to enable, or empty for TLS 1.3 only
 * @param ciphers the cipher suites to enable, or empty for the JDK's defaults
 */
public record TlsMaterial(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers,
		X509Certificate certificate, List<String> protocols, List<String> ciphers) {

	/** Unless the bundle says otherwise: every pair of nodes runs the same release, so no older protocol is needed. */
	static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3");

}
