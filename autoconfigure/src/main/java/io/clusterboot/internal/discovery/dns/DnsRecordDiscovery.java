package io.clusterboot.internal.discovery.dns;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.xbill.DNS.Name;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

/**
 * What the DNS strategies share: the name is searched like the system resolver does, "no records" is
 * an empty answer logged once while it lasts, and any query without a usable answer fails the round.
 */
abstract class DnsRecordDiscovery implements PeerDiscovery {

	protected final Name name;

	protected final DnsClient client;

	private final NothingFoundLog nothingFound;

	private final String records;

	/**
	 * @param records what is looked up, for the "found nothing" line, e.g. {@code A or AAAA records}
	 */
	DnsRecordDiscovery(String name, DnsSettings settings, Logger logger, String records) {
		this.name = parseName(name);
		this.client = new DnsClient(settings);
		this.nothingFound = new NothingFoundLog(logger);
		this.records = records;
	}

	@Override
	public final DiscoveryResult discover() {
		try {
			List<PeerAddress> found = this.client.search(this.name, this::lookup);
			if (found.isEmpty()) {
				this.nothingFound.nothingFound("No {} for {} yet (tried {}); normal while the first nodes start",
						this.records, this.name, this.client.candidates(this.name));
				return DiscoveryResult.found(Set.of());
			}
			this.nothingFound.found();
			return DiscoveryResult.found(new LinkedHashSet<>(found));
		}
		catch (DnsLookupException ex) {
			return DiscoveryResult.failed(ex.getMessage());
		}
		catch (RuntimeException ex) {
			return DiscoveryResult.failed("DNS lookup of " + this.name + " failed: " + ex);
		}
	}

	/**
	 * Looks up one candidate of the search path.
	 * @param candidate the fully qualified name to ask
	 * @return the addresses, empty if the name has no records
	 * @throws DnsLookupException if a query got no usable answer
	 */
	protected abstract List<PeerAddress> lookup(Name candidate) throws DnsLookupException;

	static Name parseName(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("The DNS name is empty");
		}
		try {
			return Name.fromString(name.strip());
		}
		catch (org.xbill.DNS.TextParseException ex) {
			throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + ex.getMessage(), ex);
		}
	}

}
