package io.clusterboot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.samskivert.mustache.Template;
import org.jspecify.annotations.Nullable;

import io.clusterboot.actuate.ClusterEndpoint.ClusterDescriptor;
import io.clusterboot.actuate.ClusterEndpoint.PeerDescriptor;
import io.clusterboot.actuate.PageTemplates.Refresh;
import io.clusterboot.actuate.PageTemplates.RefreshChoice;
import io.clusterboot.internal.Durations;

/**
 * Renders the status page from the same descriptor the JSON shows. The template is plain Mustache,
 * run by JMustache directly, so nothing is registered in the application's own web layer; every value
 * goes through {@code {{…}}}, which escapes HTML, because names, addresses and errors come from the
 * network and from discovery.
 */
final class ClusterPage {

	/** How long before a certificate's expiry the page warns. */
	static final Duration CERTIFICATE_WARNING = Duration.ofDays(14);

	private final java.util.function.Supplier<Template> template = PageTemplates.lazily("cluster-page");

	/**
	 * Renders the page.
	 * @param cluster what to show
	 * @param refresh reload every so many seconds, or {@code null} for never
	 * @param now the time the page is rendered at
	 * @return the HTML
	 */
	String render(ClusterDescriptor cluster, @Nullable Integer refresh, Instant now) {
		return this.template.get().execute(model(cluster, refresh, now));
	}

	private static Page model(ClusterDescriptor cluster, @Nullable Integer refresh, Instant now) {
		Integer seconds = PageTemplates.refreshSeconds(refresh);
		List<RefreshChoice> choices = PageTemplates.refreshChoices(seconds);
		long connected = cluster.peers().stream().filter((peer) -> "connected".equals(peer.state())).count();
		int known = cluster.peers().size();
		List<Peer> peers = cluster.peers().stream().map((peer) -> peer(peer, cluster.cookieFingerprint(), now)).toList();
		ClusterEndpoint.DiscoveryDescriptor discovery = cluster.discovery();
		Instant lastRun = parse(discovery.lastRun());
		Discovery discoveryView = new Discovery(discovery.strategy(), discovery.lastRun(),
				(lastRun != null) ? ago(lastRun, now) : null,
				(discovery.durationMillis() != null) ? millis(discovery.durationMillis()) : null, discovery.addresses(),
				!discovery.addresses().isEmpty(), discovery.error());
		List<String> warnings = certificateWarnings(cluster, now);
		return new Page(cluster.node(), transport(cluster.transport()), warnings, !warnings.isEmpty(),
				cluster.cookieFingerprint(), cluster.acceptedCookieFingerprints(),
				!cluster.acceptedCookieFingerprints().isEmpty(), cluster.strategy(),
				human(Duration.parse(cluster.uptime())), connected, known, summary(connected, known),
				summaryClass(connected, known), (seconds != null) ? new Refresh(seconds) : null, choices, discoveryView,
				peers, !peers.isEmpty(), now.truncatedTo(ChronoUnit.SECONDS).toString(), messaging(cluster.messaging()));
	}

	private static String transport(ClusterEndpoint.@Nullable TransportDescriptor transport) {
		if (transport == null || !transport.tls()) {
			return "plaintext (frames authenticated by the cookie)";
		}
		return "mutual TLS as " + transport.certificateSubject();
	}

	// Connections outlive the certificates they were made with, so a peer's expired certificate can
	// still show here: that is the moment to know, before the next reconnect is refused.
	private static List<String> certificateWarnings(ClusterDescriptor cluster, Instant now) {
		List<String> warnings = new ArrayList<>();
		ClusterEndpoint.TransportDescriptor transport = cluster.transport();
		if (transport != null && transport.tls()) {
			String expiry = expiry(transport.certificateNotAfter(), now);
			if (expiry != null) {
				warnings.add("This node's certificate (" + transport.certificateSubject() + ") " + expiry
						+ ": peers will refuse its new connections then");
			}
		}
		for (PeerDescriptor peer : cluster.peers()) {
			ClusterEndpoint.PeerTlsDescriptor tls = peer.tls();
			String expiry = (tls != null) ? expiry(tls.peerCertificateNotAfter(), now) : null;
			if (expiry != null) {
				warnings.add(((peer.name() != null) ? peer.name() : peer.address()) + "'s certificate ("
						+ tls.peerCertificateSubject() + ") " + expiry);
			}
		}
		return warnings;
	}

	private static @Nullable String expiry(@Nullable String notAfter, Instant now) {
		Instant end = parse(notAfter);
		if (end == null || !end.isBefore(now.plus(CERTIFICATE_WARNING))) {
			return null;
		}
		return end.isAfter(now) ? "expires in " + human(Duration.between(now, end)) + " (" + notAfter + ")"
				: "expired " + human(Duration.between(end, now)) + " ago (" + notAfter + ")";
	}

	private static Messaging messaging(ClusterEndpoint.MessagingDescriptor messaging) {
		List<Group> groups = messaging.groups()
			.entrySet()
			.stream()
			.map((entry) -> new Group(entry.getKey(), entry.getValue()))
			.toList();
		return new Messaging(messaging.topics(), !messaging.topics().isEmpty(), groups, !groups.isEmpty());
	}

	private static Peer peer(PeerDescriptor peer, String ownCookie, Instant now) {
		Instant since = parse(peer.since());
		Instant next = parse(peer.nextAttempt());
		StringBuilder detail = new StringBuilder();
		if (peer.lastError() != null) {
			detail.append(peer.lastError());
		}
		if (peer.protocolVersion() != null) {
			detail.append("protocol ").append(peer.protocolVersion());
		}
		// During a cookie rotation: who has not moved to this node's cookie yet.
		if (peer.cookieFingerprint() != null && !peer.cookieFingerprint().equals(ownCookie)) {
			detail.append("; proved another accepted cookie, ").append(peer.cookieFingerprint());
		}
		if (peer.tls() != null) {
			detail.append((detail.length() > 0) ? "; " : "")
				.append(peer.tls().protocol())
				.append(' ')
				.append(peer.tls().cipherSuite())
				.append(", ")
				.append(peer.tls().peerCertificateSubject());
			Instant notAfter = parse(peer.tls().peerCertificateNotAfter());
			if (notAfter != null) {
				detail.append(notAfter.isAfter(now) ? ", expires in " + human(Duration.between(now, notAfter))
						: ", expired");
			}
		}
		if (next != null) {
			Duration wait = Duration.between(now, next);
			detail.append((detail.length() > 0) ? "; " : "")
				.append("next try in ")
				.append((wait.getSeconds() < 1) ? "under 1s" : human(wait));
		}
		return new Peer(peer.name(), peer.address(), peer.state(), peer.since(),
				(since != null) ? ago(since, now) : null, (peer.rttMillis() != null) ? millis(peer.rttMillis()) : null,
				(detail.length() > 0) ? detail.toString() : null);
	}

	private static String summary(long connected, int known) {
		if (known == 0) {
			return "no peers yet";
		}
		if (known == 1) {
			return (connected == 1) ? "1 peer connected" : "0 of 1 peer connected";
		}
		return ((connected == known) ? "all " + known : connected + " of " + known) + " peers connected";
	}

	private static String summaryClass(long connected, int known) {
		if (known == 0) {
			return "state-left";
		}
		return (connected == known) ? "state-connected" : (connected > 0) ? "state-connecting" : "state-down";
	}

	private static @Nullable Instant parse(@Nullable String instant) {
		if (instant == null) {
			return null;
		}
		try {
			return Instant.parse(instant);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String ago(Instant then, Instant now) {
		Duration elapsed = Duration.between(then, now);
		return elapsed.isNegative() ? "just now" : human(elapsed) + " ago";
	}

	static String human(Duration duration) {
		// Whole seconds on the page: it is read at a glance, and refreshed every few seconds at best.
		Duration whole = Duration.ofSeconds(Math.max(0, duration.getSeconds()));
		return whole.isZero() ? "0s" : Durations.human(whole);
	}

	static String millis(double millis) {
		if (millis < 0.01) {
			return "< 0.01 ms";
		}
		String pattern = (millis < 10) ? "%.2f ms" : (millis < 100) ? "%.1f ms" : "%.0f ms";
		return String.format(Locale.ROOT, pattern, millis);
	}

	record Page(@Nullable String node, String transport, List<String> certificateWarnings, boolean hasWarnings,
			String cookieFingerprint, List<String> acceptedCookieFingerprints,
			boolean acceptsOthers, String strategy, String uptime, long connected,
			int known, String summary, String summaryClass, @Nullable Refresh refresh,
			List<RefreshChoice> refreshChoices, Discovery discovery, List<Peer> peers, boolean hasPeers,
			String generatedAt, Messaging messaging) {
	}

	record Messaging(List<String> topics, boolean hasTopics, List<Group> groups, boolean hasGroups) {
	}

	record Group(String name, List<String> members) {
	}



	record Discovery(String strategy, @Nullable String lastRun, @Nullable String lastRunAgo, @Nullable String duration,
			List<String> addresses, boolean hasAddresses, @Nullable String error) {
	}

	record Peer(@Nullable String name, String address, String state, @Nullable String since, @Nullable String sinceAgo,
			@Nullable String rtt, @Nullable String detail) {
	}

}
