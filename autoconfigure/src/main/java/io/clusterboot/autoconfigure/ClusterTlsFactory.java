package io.clusterboot.autoconfigure;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import io.clusterboot.internal.transport.tls.TlsMaterial;
import io.clusterboot.internal.transport.tls.TransportTls;

/**
 * Turns {@code cluster.transport.ssl.*} and the SSL bundle it names into the transport's TLS, and
 * keeps it up to date when the bundle's files change ({@code reload-on-update}).
 */
final class ClusterTlsFactory {

	private static final Logger logger = LoggerFactory.getLogger(ClusterTlsFactory.class);

	static final String BUNDLE_PROPERTY = "cluster.transport.ssl.bundle";

	private ClusterTlsFactory() {
	}

	/**
	 * Creates the transport's TLS.
	 * @param ssl the bound {@code cluster.transport.ssl}
	 * @param bundles the application's SSL bundles, or {@code null} where there are none
	 * @return the TLS, or {@code null} for a plaintext transport
	 */
	static TransportTls create(ClusterProperties.Transport.Ssl ssl, SslBundles bundles) {
		String name = (ssl.getBundle() != null) ? ssl.getBundle().strip() : "";
		if (name.isEmpty()) {
			return null;
		}
		if (bundles == null) {
			throw new InvalidClusterPropertyException(BUNDLE_PROPERTY, "names '" + name
					+ "' but the application has no SSL bundles (no SslBundles bean)",
					"Keep Spring Boot's SslAutoConfiguration, or remove " + BUNDLE_PROPERTY + ".");
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidClusterPropertyException(BUNDLE_PROPERTY, "names '" + name
					+ "', but there is no SSL bundle of that name" + known(bundles),
					"Define it as spring.ssl.bundle.pem." + name + ".* (or .jks." + name
							+ ".*), or set " + BUNDLE_PROPERTY + " to one that exists.", ex);
		}
		TransportTls tls;
		try {
			tls = TransportTls.create(material(name, bundle), ssl.isVerifyHostname());
		}
		catch (SSLException ex) {
			throw new InvalidClusterPropertyException(BUNDLE_PROPERTY, "names '" + name
					+ "', whose key and trust cannot make a TLS context: " + ex.getMessage(),
					"Check spring.ssl.bundle.*." + name + " (the protocols and ciphers in its options too).", ex);
		}
		bundles.addBundleUpdateHandler(name, (updated) -> reload(tls, name, updated));
		return tls;
	}

	// A bad update keeps the material in use: a node that stopped accepting connections because a
	// certificate was half-written would turn a file swap into an outage.
	private static void reload(TransportTls tls, String name, SslBundle bundle) {
		try {
			tls.reload(material(name, bundle));
			logger.info("SSL bundle '{}' reloaded: new cluster connections present {}, valid until {}", name,
					tls.certificate().subject(), tls.certificate().notAfter());
		}
		catch (SSLException | InvalidClusterPropertyException ex) {
			logger.error("SSL bundle '{}' changed but cannot be used ({}); cluster connections go on with the "
					+ "previous key and certificate", name, ex.getMessage());
		}
	}

	static TlsMaterial material(String name, SslBundle bundle) {
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			throw new InvalidClusterPropertyException(BUNDLE_PROPERTY, "names '" + name
					+ "', which has no key: a node must present a certificate to its peers",
					"Set spring.ssl.bundle.pem." + name + ".keystore.certificate and .keystore.private-key (or a "
							+ "JKS/PKCS12 keystore) to this node's certificate and key.");
		}
		if (bundle.getStores().getTrustStore() == null) {
			throw new InvalidClusterPropertyException(BUNDLE_PROPERTY, "names '" + name
					+ "', which has no trust material: a node would accept any certificate the JDK's public CAs "
					+ "issued", "Set spring.ssl.bundle.pem." + name + ".truststore.certificate to the certificate of "
							+ "the cluster's CA.");
		}
		return new TlsMaterial(bundle.getManagers().getKeyManagerFactory(),
				bundle.getManagers().getTrustManagerFactory(), certificate(name, bundle, keyStore),
				list(bundle.getOptions().getEnabledProtocols()), list(bundle.getOptions().getCiphers()));
	}

	private static X509Certificate certificate(String name, SslBundle bundle, KeyStore keyStore) {
		try {
			String alias = bundle.getKey().getAlias();
			if (alias == null) {
				for (String candidate : Collections.list(keyStore.aliases())) {
					if (keyStore.isKeyEntry(candidate)) {
						alias = candidate;
						break;
					}
				}
			}
			Certificate certificate = (alias != null) ? keyStore.getCertificate(alias) : null;
			if (certificate instanceof X509Certificate x509) {
				return x509;
			}
		}
		catch (KeyStoreException ex) {
			// Told below as a bundle without a certificate.
		}
		throw new InvalidClusterPropertyException(BUNDLE_PROPERTY, "names '" + name
				+ "', whose keystore holds no X.509 certificate with a private key",
				"Put this node's certificate and private key in spring.ssl.bundle.*." + name + ".keystore.");
	}

	private static List<String> list(String[] values) {
		return (values != null) ? List.of(values) : List.of();
	}

	private static String known(SslBundles bundles) {
		List<String> names = bundles.getBundleNames();
		return names.isEmpty() ? " (none is defined)" : " (defined: " + String.join(", ", names) + ")";
	}

}
