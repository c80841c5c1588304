package io.clusterboot;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The cluster as this node sees it. Inject it to ask who is connected or to hear about changes.
 */
public interface Cluster {

	/**
	 * This node's name.
	 * @return the name, e.g. {@code orders@10.42.0.7}; {@code null} only with a port range whose port
	 * is not chosen yet (the {@code local} strategy before the listener is bound)
	 */
	@Nullable NodeName self();

	/**
	 * The members: every peer that completed a handshake with this node, connected or not (down, left,
	 * rejected, with the reason).
	 * @return a snapshot, sorted by name
	 */
	default List<Member> members() {
		return peers().stream().filter((member) -> member.name() != null).toList();
	}

	/**
	 * Everything this node dials or knows of: the {@link #members() members}, and the discovered
	 * addresses that have not completed a handshake (their name is {@code null}; the reason says why).
	 * @return a snapshot, sorted by name then address
	 */
	List<Member> peers();

	/**
	 * The connected peers only.
	 * @return a snapshot of the members in state {@link MemberState#CONNECTED}
	 */
	default List<Member> connectedMembers() {
		return members().stream().filter(Member::isConnected).toList();
	}

	/**
	 * The outcome of the last discovery round.
	 * @return the discovery status
	 */
	DiscoveryStatus discovery();

	/**
	 * The fingerprint of the cookie, safe to show: operators compare it between nodes.
	 * @return e.g. {@code SHA256:3f9a…}
	 */
	String cookieFingerprint();

	/**
	 * The fingerprints of the other cookies this node accepts ({@code cluster.accepted-cookies}) while
	 * the cluster moves from one cookie to another.
	 * @return the fingerprints, empty when it accepts only its own
	 */
	default List<String> acceptedCookieFingerprints() {
		return List.of();
	}

	/**
	 * This node's TLS certificate: the one of {@code cluster.transport.ssl.bundle}, as last (re)loaded.
	 * @return the certificate, or {@code null} when the transport is plaintext
	 */
	default @Nullable CertificateSummary tlsCertificate() {
		return null;
	}

	/**
	 * Registers a listener for node up and node down events.
	 * @param listener the listener
	 */
	void addListener(ClusterListener listener);

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	void removeListener(ClusterListener listener);

	/**
	 * Runs one discovery-and-reconnect round now, in the background.
	 */
	void refresh();

}
