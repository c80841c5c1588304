package io.clusterboot.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and node certificates made at test time, written as PEM files the way an
 * operator gives them to Spring Boot's SSL bundles. EC P-256 keys: quick to make, as cert-manager
 * would issue them.
 */
public final class TestCertificates {

	private static final SecureRandom RANDOM = new SecureRandom();

	private TestCertificates() {
	}

	/**
	 * A new self-signed CA, valid from an hour ago for a year.
	 * @param name its common name
	 * @return the CA
	 */
	public static Authority authority(String name) {
		KeyPair keys = keys();
		X500Name subject = new X500Name("CN=" + name);
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
				keys.getPublic());
		try {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Authority(subject, keys, sign(builder, keys));
	}

	/**
	 * A certificate authority that issues node certificates.
	 */
	public static final class Authority {

		private final X500Name name;

		private final KeyPair keys;

		private final X509Certificate certificate;

		private Authority(X500Name name, KeyPair keys, X509Certificate certificate) {
			this.name = name;
			this.keys = keys;
			this.certificate = certificate;
		}

		/** The CA's own certificate. */
		public X509Certificate certificate() {
			return this.certificate;
		}

		/** The CA's own certificate, as PEM. */
		public String pem() {
			return TestCertificates.pem("CERTIFICATE", encoded(this.certificate));
		}

		/**
		 * Issues a node certificate valid from an hour ago for 90 days.
		 * @param commonName the subject's CN
		 * @param ipAddresses the IP addresses it names (its SANs)
		 * @return the certificate and its key
		 */
		public Issued issue(String commonName, String... ipAddresses) {
			Instant now = Instant.now();
			return issue(commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)), ipAddresses);
		}

		/**
		 * Issues a node certificate with the given validity.
		 */
		public Issued issue(String commonName, Instant notBefore, Instant notAfter, String... ipAddresses) {
			KeyPair nodeKeys = keys();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.name, serial(),
					Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + commonName), nodeKeys.getPublic());
			try {
				List<GeneralName> names = new ArrayList<>();
				for (String ip : ipAddresses) {
					names.add(new GeneralName(GeneralName.iPAddress, ip));
				}
				if (!names.isEmpty()) {
					builder.addExtension(Extension.subjectAlternativeName, false,
							new GeneralNames(names.toArray(GeneralName[]::new)));
				}
				// Each node is both a server (it listens) and a client (it dials).
				builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
						new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return new Issued(sign(builder, this.keys), nodeKeys);
		}

	}

	/**
	 * A node's certificate and key.
	 */
	public record Issued(X509Certificate certificate, KeyPair keys) {

		/**
		 * Writes {@code <name>.crt} and {@code <name>.key} into a folder, each replaced at once (as a
		 * Kubernetes secret volume swaps its files), with the trusted CAs as {@code <name>-ca.crt}.
		 * @return the bundle properties of {@code spring.ssl.bundle.pem.<bundle>} for these files
		 */
		public Map<String, Object> write(Path folder, String name, String bundle, Authority... trusted) {
			StringBuilder cas = new StringBuilder();
			for (Authority authority : trusted) {
				cas.append(authority.pem());
			}
			Path certificate = folder.resolve(name + ".crt");
			Path key = folder.resolve(name + ".key");
			Path ca = folder.resolve(name + "-ca.crt");
			replace(certificate, TestCertificates.pem("CERTIFICATE", encoded(this.certificate)));
			replace(key, TestCertificates.pem("PRIVATE KEY", this.keys.getPrivate().getEncoded()));
			replace(ca, cas.toString());
			Map<String, Object> properties = new LinkedHashMap<>();
			String prefix = "spring.ssl.bundle.pem." + bundle;
			properties.put(prefix + ".keystore.certificate", "file:" + certificate);
			properties.put(prefix + ".keystore.private-key", "file:" + key);
			properties.put(prefix + ".truststore.certificate", "file:" + ca);
			return properties;
		}

	}

	private static void replace(Path file, String content) {
		try {
			Path temporary = Files.createTempFile(file.getParent(), ".tmp", ".pem");
			Files.writeString(temporary, content, StandardCharsets.US_ASCII);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static KeyPair keys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static BigInteger serial() {
		return new BigInteger(64, RANDOM).add(BigInteger.ONE);
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
		}
		catch (OperatorCreationException | java.security.cert.CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] encoded(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
