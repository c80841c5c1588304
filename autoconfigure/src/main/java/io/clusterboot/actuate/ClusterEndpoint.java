package io.clusterboot.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;

import io.clusterboot.CertificateSummary;
import io.clusterboot.Cluster;
import io.clusterboot.messaging.ClusterMessaging;
import io.clusterboot.messaging.ClusterMessagingException;
import io.clusterboot.DiscoveryStatus;
import io.clusterboot.Member;
import io.clusterboot.NodeName;
import io.clusterboot.TlsSession;
import io.clusterboot.discovery.PeerAddress;

/**
 * {@code /actuator/cluster}: this node, its discovery and its peers, as JSON for tools and as a page
 * for browsers, with the same content both ways. {@code POST} runs a discovery-and-reconnect round at
 * once; like every write operation it is off unless granted with
 * {@code management.endpoint.cluster.access=unrestricted}.
 */
@WebEndpoint(id = "cluster", defaultAccess = Access.READ_ONLY)
public final class ClusterEndpoint {

	/** The topic on which nodes ask each other for their views: ClusterBoot's own. */
	public static final String VIEW_TOPIC = "clusterboot.view";

	/** How long the whole-cluster view waits for answers unless told otherwise. */
	public static final Duration DEFAULT_VIEW_TIMEOUT = Duration.ofSeconds(2);

	private static final MimeType HTML_UTF8 = new MimeType("text", "html", StandardCharsets.UTF_8);

	private final Cluster cluster;

	private final @Nullable ClusterMessaging messaging;

	private final Instant startedAt;

	private final Clock clock;

	private final ClusterPage page = new ClusterPage();

	private final ClusterViewPage viewPage = new ClusterViewPage();

	private final Duration viewTimeout;

	/**
	 * Creates the endpoint.
	 * @param cluster the cluster to show
	 * @param startedAt when the application started, for the uptime
	 * @param clock the clock for the uptime and the page's relative times
	 */
	public ClusterEndpoint(Cluster cluster, Instant startedAt, Clock clock) {
		this(cluster, null, startedAt, clock);
	}

	/**
	 * Creates the endpoint.
	 * @param cluster the cluster
	 * @param messaging the messaging, whose topics and groups are shown, or {@code null}
	 * @param startedAt when the application started
	 * @param clock the clock
	 */
	public ClusterEndpoint(Cluster cluster, @Nullable ClusterMessaging messaging, Instant startedAt, Clock clock) {
		this(cluster, messaging, startedAt, clock, DEFAULT_VIEW_TIMEOUT);
	}

	/**
	 * Creates the endpoint.
	 * @param cluster the cluster
	 * @param messaging the messaging, over which the whole-cluster view asks the other nodes, or
	 * {@code null}
	 * @param startedAt when the application started
	 * @param clock the clock
	 * @param viewTimeout how long the whole-cluster view waits for the other nodes' answers
	 */
	public ClusterEndpoint(Cluster cluster, @Nullable ClusterMessaging messaging, Instant startedAt, Clock clock,
			Duration viewTimeout) {
		this.viewTimeout = viewTimeout;
		this.messaging = messaging;
		this.cluster = cluster;
		this.startedAt = startedAt;
		this.clock = clock;
	}

	/**
	 * The cluster as this node sees it, or with {@code scope=cluster} as every connected node sees it.
	 * @param format JSON or HTML, from the request's {@code Accept} header
	 * @param refresh for the page: reload every so many seconds
	 * @param scope {@code node} (the default) or {@code cluster}
	 * @return the descriptor as JSON, or the page
	 */
	@ReadOperation(producesFrom = ClusterFormat.class)
	public WebEndpointResponse<Object> cluster(@Nullable ClusterFormat format, @Nullable Integer refresh,
			@Nullable String scope) {
		Instant now = this.clock.instant();
		if ("cluster".equals(scope)) {
			ClusterViewDescriptor view = view(now);
			if (format == ClusterFormat.HTML) {
				return new WebEndpointResponse<>(this.viewPage.render(view, refresh, now), HTML_UTF8);
			}
			return new WebEndpointResponse<>(view, (format != null) ? format : ClusterFormat.JSON);
		}
		if (scope != null && !"node".equals(scope)) {
			return new WebEndpointResponse<>("scope is 'node' (the default) or 'cluster'",
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		ClusterDescriptor descriptor = describe(now);
		if (format == ClusterFormat.HTML) {
			return new WebEndpointResponse<>(this.page.render(descriptor, refresh, now), HTML_UTF8);
		}
		// No constant matched (an Accept header such as application/*+json): JSON is what tools read.
		return new WebEndpointResponse<>(descriptor, (format != null) ? format : ClusterFormat.JSON);
	}

	/**
	 * Runs one discovery-and-reconnect round now, in the background.
	 */
	@WriteOperation
	public void refreshNow() {
		this.cluster.refresh();
	}

	/**
	 * This node's view now, as the other nodes ask it for the whole-cluster view.
	 * @return the descriptor
	 */
	public ClusterDescriptor describe() {
		return describe(this.clock.instant());
	}

	/**
	 * Asks every connected node for its view, all at once and with one deadline, and puts the answers
	 * together with this node's. A node that does not answer in time is shown as such, never left out.
	 */
	ClusterViewDescriptor view(Instant now) {
		ClusterDescriptor self = describe(now);
		Map<String, CompletableFuture<ClusterDescriptor>> asked = new TreeMap<>();
		Map<String, @Nullable Integer> versions = new TreeMap<>();
		for (Member member : this.cluster.members()) {
			NodeName name = member.name();
			if (name == null) {
				continue;
			}
			versions.put(name.toString(), member.protocolVersion());
			asked.put(name.toString(), (this.messaging != null)
					? this.messaging.request(name, VIEW_TOPIC, "", ClusterDescriptor.class, this.viewTimeout)
					: CompletableFuture.failedFuture(new IllegalStateException("messaging is off on this node")));
		}
		try {
			CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new))
				.get(this.viewTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Each answer, or why it is missing, is read below.
		}
		Map<String, ClusterView.Answer> answers = new TreeMap<>();
		asked.forEach((name, future) -> answers.put(name, answer(future, versions.get(name))));
		return ClusterView.of(self, answers);
	}

	private ClusterView.Answer answer(CompletableFuture<ClusterDescriptor> future, @Nullable Integer version) {
		if (!future.isDone()) {
			return new ClusterView.Answer(null, "no answer within " + this.viewTimeout.toMillis() + " ms", version);
		}
		try {
			return new ClusterView.Answer(future.join(), null, version);
		}
		catch (CompletionException | CancellationException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String reason = (cause instanceof ClusterMessagingException failed)
					? failed.failure().id() + ": " + failed.getMessage() : cause.getMessage();
			return new ClusterView.Answer(null, reason, version);
		}
	}

	ClusterDescriptor describe(Instant now) {
		NodeName self = this.cluster.self();
		DiscoveryStatus status = this.cluster.discovery();
		List<String> addresses = status.addresses().stream().sorted().map(PeerAddress::toString).toList();
		DiscoveryDescriptor discovery = new DiscoveryDescriptor(status.strategy(), text(status.lastRun()),
				(status.duration() != null) ? millis(status.duration().toNanos() / 1e6) : null, addresses,
				status.error());
		List<PeerDescriptor> peers = this.cluster.peers().stream().map(ClusterEndpoint::describe).toList();
		Duration uptime = Duration.between(this.startedAt, now).truncatedTo(ChronoUnit.SECONDS);
		String uptimeText = (uptime.isNegative() ? Duration.ZERO : uptime).toString();
		return new ClusterDescriptor((self != null) ? self.toString() : null, status.strategy(),
				this.cluster.cookieFingerprint(), this.cluster.acceptedCookieFingerprints(), uptimeText, discovery, peers,
				messaging(), transport(this.cluster.tlsCertificate()));
	}

	private static TransportDescriptor transport(@Nullable CertificateSummary certificate) {
		return (certificate != null)
				? new TransportDescriptor(true, certificate.subject(), text(certificate.notAfter()))
				: new TransportDescriptor(false, null, null);
	}

	private MessagingDescriptor messaging() {
		if (this.messaging == null) {
			return new MessagingDescriptor(List.of(), Map.of());
		}
		Map<String, List<String>> groups = new TreeMap<>();
		this.messaging.groups()
			.all()
			.forEach((group, members) -> groups.put(group, members.stream().map(NodeName::toString).toList()));
		return new MessagingDescriptor(List.copyOf(this.messaging.topics()), groups);
	}

	private static PeerDescriptor describe(Member member) {
		return new PeerDescriptor((member.name() != null) ? member.name().toString() : null,
				member.address().toString(), member.state().id(), text(member.since()),
				(member.rttMillis() != null) ? millis(member.rttMillis()) : null,
				(member.lastError() != null) ? member.lastError().id() : null,
				text(member.nextAttempt()), member.protocolVersion(), member.cookieFingerprint(), tls(member.tls()));
	}

	private static @Nullable PeerTlsDescriptor tls(@Nullable TlsSession tls) {
		return (tls != null) ? new PeerTlsDescriptor(tls.protocol(), tls.cipherSuite(),
				tls.peerCertificate().subject(), text(tls.peerCertificate().notAfter())) : null;
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MILLIS).toString() : null;
	}

	// Microseconds are the most a heartbeat over a real network can tell apart.
	private static double millis(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	/**
	 * What {@code /actuator/cluster} shows. Absent values are {@code null} rather than left out, so that
	 * scripts see every key every time.
	 *
	 * @param node this node's name
	 * @param strategy the discovery strategy
	 * @param cookieFingerprint the cookie's fingerprint, never the cookie
	 * @param acceptedCookieFingerprints the fingerprints of the other cookies this node accepts
	 * @param uptime how long the application has been running, ISO-8601, e.g. {@code PT2H5M3S}
	 * @param discovery the last discovery round
	 * @param peers every peer this node knows of, sorted by name then address
	 * @param messaging the topics this node listens to and the groups it knows
	 * @param transport whether connections are TLS, and with which certificate ({@code null} from a
	 * node of a release that did not say)
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record ClusterDescriptor(@Nullable String node, String strategy, String cookieFingerprint,
			List<String> acceptedCookieFingerprints, String uptime, DiscoveryDescriptor discovery,
			List<PeerDescriptor> peers, MessagingDescriptor messaging, @Nullable TransportDescriptor transport)
			implements OperationResponseBody {
	}

	/**
	 * This node's transport.
	 *
	 * @param tls whether every cluster connection is mutual TLS ({@code cluster.transport.ssl.bundle})
	 * @param certificateSubject the subject of this node's certificate, with TLS
	 * @param certificateNotAfter when this node's certificate expires (ISO-8601), with TLS
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record TransportDescriptor(boolean tls, @Nullable String certificateSubject,
			@Nullable String certificateNotAfter) {
	}

	/**
	 * The TLS session of a connection.
	 *
	 * @param protocol e.g. {@code TLSv1.3}
	 * @param cipherSuite e.g. {@code TLS_AES_256_GCM_SHA384}
	 * @param peerCertificateSubject the subject of the certificate the peer presented
	 * @param peerCertificateNotAfter when that certificate expires (ISO-8601)
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record PeerTlsDescriptor(String protocol, String cipherSuite, String peerCertificateSubject,
			String peerCertificateNotAfter) {
	}

	/**
	 * Messaging on this node.
	 *
	 * @param topics the topics this node has listeners for
	 * @param groups every group known here, with its members
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record MessagingDescriptor(List<String> topics, Map<String, List<String>> groups) {
	}

	/**
	 * The last discovery round.
	 *
	 * @param strategy the strategy, e.g. {@code dns}
	 * @param lastRun when it finished (ISO-8601), or {@code null} before the first round
	 * @param durationMillis how long it took
	 * @param addresses the addresses in use: the last good answer, kept while discovery fails
	 * @param error why the last round failed, or {@code null}
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record DiscoveryDescriptor(String strategy, @Nullable String lastRun, @Nullable Double durationMillis,
			List<String> addresses, @Nullable String error) {
	}

	/**
	 * One peer.
	 *
	 * @param name its node name, or {@code null} while no handshake has told it
	 * @param address the address this node dials, {@code host:port}
	 * @param state {@code connecting}, {@code connected}, {@code down}, {@code left} or {@code rejected}
	 * @param since when it entered that state (ISO-8601)
	 * @param rttMillis the last heartbeat round trip, while connected
	 * @param lastError why it is not connected ({@code unreachable}, {@code bad-cookie}, …)
	 * @param nextAttempt when the next dial is due, while in backoff (ISO-8601)
	 * @param protocolVersion the protocol version the connection speaks, while connected
	 * @param cookieFingerprint the fingerprint of the cookie the connection was proved with, while
	 * connected
	 * @param tls the connection's TLS session, while connected over TLS
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record PeerDescriptor(@Nullable String name, String address, String state, @Nullable String since,
			@Nullable Double rttMillis, @Nullable String lastError, @Nullable String nextAttempt,
			@Nullable Integer protocolVersion, @Nullable String cookieFingerprint, @Nullable PeerTlsDescriptor tls) {
	}

}
