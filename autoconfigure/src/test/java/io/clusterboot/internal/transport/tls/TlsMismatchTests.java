package io.clusterboot.internal.transport.tls;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.clusterboot.Reason;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.testsupport.RawPeer;
import io.clusterboot.testsupport.TestCertificates;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A TLS node and a plaintext peer, or the reverse, tell each other why in the one form the other can
 * read (plaintext), and count the refusal by its reason.
 */
class TlsMismatchTests {

	// The first bytes of a TLS 1.2/1.3 client hello record: handshake (22), version 3.1, a length.
	private static final byte[] CLIENT_HELLO_START = { 22, 3, 1, 0, 64, 1, 0, 0, 60, 3, 3 };

	private final TestNodes nodes = new TestNodes();

	private final int port = TestNodes.freePort("127.0.0.2");

	@AfterEach
	void close() {
		this.nodes.close();
	}

	@Test
	void aPlaintextNodeAnswersATlsClientHelloWithTlsUnexpectedInPlaintext() throws Exception {
		ClusterNode node = this.nodes.start("127.0.0.2", this.port, Set.of());
		try (RawPeer raw = RawPeer.connect("127.0.0.20", node.boundAddress())) {
			raw.writeRaw(CLIENT_HELLO_START);
			assertThat(raw.receive()).isEqualTo(new Message.Reject(Reason.TLS_UNEXPECTED.id()));
			assertThat(raw.closedByNode()).isTrue();
		}
		await().untilAsserted(() -> assertThat(node.handshakeFailures(Reason.TLS_UNEXPECTED)).isEqualTo(1));
	}

	@Test
	void aTlsNodeAnswersAPlaintextPeerWithTlsRequiredInPlaintext() throws Exception {
		ClusterNode node = this.nodes.start(TestNodes.settings("127.0.0.2", this.port).withTransport(
				TestNodes.settings("127.0.0.2", this.port).transport().withTls(tls())), TestNodes.COOKIE,
				new io.clusterboot.internal.discovery.StaticPeerDiscovery(Set.of()));
		try (RawPeer raw = RawPeer.connect("127.0.0.20", node.boundAddress())) {
			// A whole plaintext HELLO: it never reaches the handshake (no CHALLENGE), only the refusal comes.
			assertThat(raw.handshake("plain@127.0.0.20", 1L, io.clusterboot.internal.node.Cookie.of(TestNodes.COOKIE)))
				.isEqualTo(new Message.Reject(Reason.TLS_REQUIRED.id()));
			assertThat(raw.closedByNode()).isTrue();
		}
		await().untilAsserted(() -> assertThat(node.handshakeFailures(Reason.TLS_REQUIRED)).isEqualTo(1));
	}

	private static TransportTls tls() throws Exception {
		TestCertificates.Authority ca = TestCertificates.authority("ca");
		TestCertificates.Issued issued = ca.issue("node");
		java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("node", issued.keys().getPrivate(), new char[0],
				new java.security.cert.Certificate[] { issued.certificate() });
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, new char[0]);
		java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", ca.certificate());
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		return TransportTls.create(new TlsMaterial(keyManagers, trustManagers, issued.certificate(), List.of(),
				List.of()), false);
	}

}
