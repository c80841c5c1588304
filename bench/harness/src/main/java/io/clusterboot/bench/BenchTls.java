package io.clusterboot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import io.clusterboot.internal.transport.tls.TlsMaterial;
import io.clusterboot.internal.transport.tls.TransportTls;

/**
 * The mutual-TLS rows: one laptop CA and node certificate made by the sample's
 * {@code tls/make-certs.sh} (EC P-256, TLS 1.3), used by ClusterBoot as the starter would load them
 * (a Spring PEM bundle) and by Erlang's TLS distribution ({@code -proto_dist inet_tls}).
 */
final class BenchTls {

	private BenchTls() {
	}

	/** The folder with ca.crt, node.crt and node.key, made once per run. */
	static synchronized Path certificates(Env env) {
		Path folder = env.logs().resolve("tls");
		if (!Files.exists(folder.resolve("node.crt"))) {
			try {
				ProcessBuilder builder = new ProcessBuilder("bash",
						env.repo().resolve("sample-app/tls/make-certs.sh").toString(), folder.toString())
					.redirectErrorStream(true);
				// Erlang's TLS distribution checks the peer's host (127.0.2.x) against the certificate's DNS
				// names, an IP literal too.
				builder.environment().put("CLUSTER_TLS_EXTRA_SANS", "DNS:127.0.2.1,DNS:127.0.2.2");
				Process process = builder.start();
				String output = new String(process.getInputStream().readAllBytes());
				if (process.waitFor() != 0 || !Files.exists(folder.resolve("node.crt"))) {
					throw new IllegalStateException("sample-app/tls/make-certs.sh made no certificate: " + output);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return folder;
	}

	/** The TLS of a transport, from the certificates' folder. */
	static TransportTls transport(Path folder) {
		try {
			SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
					PemSslStoreDetails.forCertificate("file:" + folder.resolve("node.crt"))
						.withPrivateKey("file:" + folder.resolve("node.key")),
					PemSslStoreDetails.forCertificate("file:" + folder.resolve("ca.crt"))));
			KeyStore keys = bundle.getStores().getKeyStore();
			X509Certificate certificate = null;
			for (String alias : Collections.list(keys.aliases())) {
				if (keys.isKeyEntry(alias)) {
					certificate = (X509Certificate) keys.getCertificate(alias);
				}
			}
			return TransportTls.create(new TlsMaterial(bundle.getManagers().getKeyManagerFactory(),
					bundle.getManagers().getTrustManagerFactory(), certificate, List.of(), List.of()), false);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot load the bench certificates from " + folder + ": " + ex, ex);
		}
	}

	/**
	 * Erlang's TLS distribution options: the same certificate, CA and TLS 1.3, the peer's certificate
	 * required both ways (Erlang also checks the peer's host name, which ClusterBoot does only with
	 * verify-hostname).
	 */
	static Path erlangOptions(Path folder) {
		Path file = folder.resolve("ssl_dist.conf");
		String common = "{certfile, \"" + folder.resolve("node.crt") + "\"}, {keyfile, \"" + folder.resolve("node.key")
				+ "\"}, {cacertfile, \"" + folder.resolve("ca.crt") + "\"}, {verify, verify_peer}, {versions, ['tlsv1.3']}";
		String options = "[{server, [" + common + ", {fail_if_no_peer_cert, true}]},\n {client, [" + common + "]}].\n";
		try {
			Files.writeString(file, options);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return file;
	}

}
