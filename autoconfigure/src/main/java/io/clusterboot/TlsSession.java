package io.clusterboot;

/**
 * The TLS session of a connection to a peer.
 *
 * @param protocol the protocol both sides settled on, e.g. {@code TLSv1.3}
 * @param cipherSuite the cipher suite, e.g. {@code TLS_AES_256_GCM_SHA384}
 * @param peerCertificate the certificate the peer presented
 */
public record TlsSession(String protocol, String cipherSuite, CertificateSummary peerCertificate) {
}
