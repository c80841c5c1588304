package io.clusterboot.internal.membership;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.clusterboot.Member;
import io.clusterboot.NodeName;
import io.clusterboot.TlsSession;
import io.clusterboot.internal.transport.PeerConnection;

/**
 * What the membership thread last published: every member and pending address, immutable, read by
 * any thread without waiting for the membership thread (the model is Spring Boot's
 * {@code ApplicationAvailabilityBean}). Round-trip times are read live from the connections, since
 * they change with every heartbeat and not with membership.
 *
 * @param entries the members, sorted by name then address
 * @param openConnections authenticated connections open when it was published, counting both of a
 * simultaneous dial until it settles
 * @param connections the active connection of each connected member, by name
 */
record MembershipView(List<Entry> entries, int openConnections, Map<NodeName, PeerConnection> connections) {

	static final MembershipView EMPTY = new MembershipView(List.of(), 0);

	MembershipView(List<Entry> entries, int openConnections) {
		this(List.copyOf(entries), openConnections, byName(entries));
	}

	private static Map<NodeName, PeerConnection> byName(List<Entry> entries) {
		Map<NodeName, PeerConnection> connections = new HashMap<>();
		for (Entry entry : entries) {
			if (entry.connection() != null && entry.member().name() != null) {
				connections.put(entry.member().name(), entry.connection());
			}
		}
		return Map.copyOf(connections);
	}

	/**
	 * The connection to a peer, for senders on any thread.
	 * @param name the peer
	 * @return its active connection, if it is connected
	 */
	Optional<PeerConnection> connection(NodeName name) {
		return Optional.ofNullable(this.connections.get(name));
	}

	/**
	 * The members as of now.
	 * @param now the time, to hide next attempts that are due already
	 * @return the members
	 */
	List<Member> members(Instant now) {
		return this.entries.stream().map((entry) -> entry.at(now)).toList();
	}

	/**
	 * One member as published, with its connection while it is connected.
	 *
	 * @param member the member, without a round-trip time
	 * @param connection the active connection, or {@code null}
	 */
	record Entry(Member member, PeerConnection connection) {

		Member at(Instant now) {
			Member m = this.member;
			Double rtt = (this.connection != null) ? this.connection.rttMillis() : null;
			Instant next = (m.nextAttempt() != null && m.nextAttempt().isAfter(now)) ? m.nextAttempt() : null;
			Integer version = (this.connection != null) ? this.connection.version() : null;
			String cookie = (this.connection != null) ? this.connection.cookieFingerprint() : null;
			TlsSession tls = (this.connection != null) ? this.connection.tls() : null;
			return new Member(m.name(), m.address(), m.state(), m.since(), rtt, m.lastError(), next, version, cookie,
					tls);
		}

	}

}
