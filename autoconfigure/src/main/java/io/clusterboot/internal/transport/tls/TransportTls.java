package io.clusterboot.internal.transport.tls;

import javax.net.ssl.SSLException;

import io.clusterboot.CertificateSummary;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

/**
 * Mutual TLS for every cluster connection: both sides present a certificate and check the other's
 * against the same trust material. The material can be replaced while the node runs: connections
 * made afterwards use the new one, open connections keep the session they negotiated.
 */
public final class TransportTls {

	private final boolean verifyHostname;

	private volatile Contexts contexts;

	private TransportTls(boolean verifyHostname, Contexts contexts) {
		this.verifyHostname = verifyHostname;
		this.contexts = contexts;
	}

	/**
	 * Creates the TLS of a transport.
	 * @param material the key, trust and options
	 * @param verifyHostname whether a dialler checks that the peer's certificate names the address it
	 * dialled
	 * @return the TLS
	 * @throws SSLException if the material cannot make a TLS context
	 */
	public static TransportTls create(TlsMaterial material, boolean verifyHostname) throws SSLException {
		return new TransportTls(verifyHostname, Contexts.of(material, verifyHostname));
	}

	/**
	 * Uses new material for the connections made from now on.
	 * @param material the new key, trust and options
	 * @throws SSLException if the material cannot make a TLS context (the old one stays in use)
	 */
	public void reload(TlsMaterial material) throws SSLException {
		this.contexts = Contexts.of(material, this.verifyHostname);
	}

	/**
	 * This node's certificate, as last loaded.
	 * @return its summary
	 */
	public CertificateSummary certificate() {
		return this.contexts.certificate();
	}

	SslHandler listenerHandler(ByteBufAllocator allocator) {
		return withoutOwnDeadline(this.contexts.server().newHandler(allocator));
	}

	/**
	 * The TLS handler of an outbound connection.
	 * @param allocator the channel's allocator
	 * @param host the host as dialled: what the peer's certificate must name when hostnames are verified
	 * @param port the port dialled
	 * @return the handler
	 */
	public SslHandler dialHandler(ByteBufAllocator allocator, String host, int port) {
		return withoutOwnDeadline(this.contexts.client().newHandler(allocator, host, port));
	}

	// The cluster handshake's deadline (cluster.transport.handshake-timeout) covers TLS and the cookie
	// proofs together: one deadline, one reason.
	private static SslHandler withoutOwnDeadline(SslHandler handler) {
		handler.setHandshakeTimeoutMillis(0);
		return handler;
	}

	private record Contexts(SslContext server, SslContext client, CertificateSummary certificate) {

		static Contexts of(TlsMaterial material, boolean verifyHostname) throws SSLException {
			String[] protocols = (material.protocols().isEmpty() ? TlsMaterial.DEFAULT_PROTOCOLS : material.protocols())
				.toArray(String[]::new);
			Iterable<String> ciphers = material.ciphers().isEmpty() ? null : material.ciphers();
			SslContext server = SslContextBuilder.forServer(material.keyManagers())
				.trustManager(material.trustManagers())
				.clientAuth(ClientAuth.REQUIRE)
				.protocols(protocols)
				.ciphers(ciphers)
				.build();
			SslContext client = SslContextBuilder.forClient()
				.keyManager(material.keyManagers())
				.trustManager(material.trustManagers())
				.protocols(protocols)
				.ciphers(ciphers)
				// Off unless asked for: pods come and go with new addresses, and one CA per cluster is the usual model.
				.endpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null)
				.build();
			// Netty applies protocols and cipher suites only when it makes an engine: a name the JDK does
			// not know would otherwise fail every connection instead of start-up (or the reload).
			try {
				server.newEngine(ByteBufAllocator.DEFAULT);
				client.newEngine(ByteBufAllocator.DEFAULT);
			}
			catch (IllegalArgumentException ex) {
				throw new SSLException("the bundle's protocols or cipher suites cannot be used: " + ex.getMessage(), ex);
			}
			return new Contexts(server, client, CertificateSummary.of(material.certificate()));
		}

	}

}
