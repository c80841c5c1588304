package io.clusterboot.internal.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import io.netty.channel.Channel;

/**
 * The inbound connections that have not completed a handshake, by source. Bounded in total and per
 * source, so that one client holding connections open cannot keep every other node out: when the
 * total is reached, the oldest pending connection of the busiest source makes room for a newcomer
 * from a source that holds fewer. Memory is bounded too: a source is a key only while it has a
 * pending connection, and there are at most {@code maxTotal} of those.
 * <p>
 * An IPv6 source is its /64 prefix, since one host may hold a whole /64.
 */
final class PendingHandshakes {

	private final int maxTotal;

	private final int maxPerSource;

	private final Map<InetAddress, ArrayDeque<Channel>> bySource = new HashMap<>();

	private int total;

	PendingHandshakes(int maxTotal, int maxPerSource) {
		this.maxTotal = maxTotal;
		this.maxPerSource = maxPerSource;
	}

	/**
	 * Admits a new connection, or not.
	 * @param channel the connection
	 * @param address its remote address
	 * @return the decision
	 */
	synchronized Decision admit(Channel channel, InetAddress address) {
		InetAddress source = source(address);
		ArrayDeque<Channel> own = this.bySource.get(source);
		int ownCount = (own != null) ? own.size() : 0;
		if (ownCount >= this.maxPerSource) {
			return new Decision.Refused(Limit.PER_SOURCE);
		}
		Channel evicted = null;
		if (this.total >= this.maxTotal) {
			ArrayDeque<Channel> busiest = busiest();
			// Only a source that would still hold more than the newcomer's gives way; among equals,
			// evicting would only trade one stranger for another.
			if (busiest == null || busiest.size() <= ownCount + 1) {
				return new Decision.Refused(Limit.TOTAL);
			}
			evicted = busiest.pollFirst();
			this.total--;
			this.bySource.values().removeIf(ArrayDeque::isEmpty);
		}
		this.bySource.computeIfAbsent(source, (s) -> new ArrayDeque<>()).addLast(channel);
		this.total++;
		return new Decision.Admitted(evicted);
	}

	/**
	 * Forgets a connection that completed its handshake or closed; does nothing if it was not pending.
	 * @param channel the connection
	 * @param address its remote address
	 */
	synchronized void release(Channel channel, InetAddress address) {
		InetAddress source = source(address);
		ArrayDeque<Channel> own = this.bySource.get(source);
		if (own != null && own.remove(channel)) {
			this.total--;
			if (own.isEmpty()) {
				this.bySource.remove(source);
			}
		}
	}

	/** How many connections are pending. */
	synchronized int size() {
		return this.total;
	}

	/** How many sources have a pending connection. */
	synchronized int sources() {
		return this.bySource.size();
	}

	private ArrayDeque<Channel> busiest() {
		ArrayDeque<Channel> busiest = null;
		for (ArrayDeque<Channel> channels : this.bySource.values()) {
			if (busiest == null || channels.size() > busiest.size()) {
				busiest = channels;
			}
		}
		return busiest;
	}

	private static InetAddress source(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return address;
		}
		byte[] prefix = address.getAddress();
		for (int i = 8; i < prefix.length; i++) {
			prefix[i] = 0;
		}
		try {
			return InetAddress.getByAddress(prefix);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex); // sixteen bytes are always an address
		}
	}

	/** Which limit refused a connection. */
	enum Limit {

		/** {@code cluster.transport.max-pending-handshakes-per-source} */
		PER_SOURCE,

		/** {@code cluster.transport.max-pending-handshakes}, with no busier source to make room */
		TOTAL

	}

	/** What to do with a new connection. */
	sealed interface Decision {

		/** Go ahead; close {@code evicted} first, if there is one, to make room. */
		record Admitted(Channel evicted) implements Decision {
		}

		/** Refuse it. */
		record Refused(Limit limit) implements Decision {
		}

	}

}
