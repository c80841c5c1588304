package io.clusterboot.discovery.dns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

/**
 * The A and AAAA records of a name ({@code cluster.discovery.dns.name}), such as a headless Service's
 * {@code myapp-headless.myns.svc.cluster.local}: each address is dialled on the cluster port. A name
 * that does not exist or has no records is "found nothing"; a query that gets no usable answer fails
 * the round, so that the last good addresses are kept.
 */
public final class DnsPeerDiscovery implements PeerDiscovery {

	private static final Logger logger = LoggerFactory.getLogger(DnsPeerDiscovery.class);

	private final Name name;

	private final int port;

	private final DnsClient client;

	private final NothingFoundLog nothingFound = new NothingFoundLog(logger);

	/**
	 * Creates the discovery.
	 * @param name the name to look up; relative names are completed by the search path
	 * @param port the port to dial on each address
	 * @param settings where and how to ask
	 * @throws IllegalArgumentException if the name is not a valid DNS name
	 */
	public DnsPeerDiscovery(String name, int port, DnsSettings settings) {
		this.name = parseName(name);
		this.port = port;
		this.client = new DnsClient(settings);
	}

	@Override
	public String name() {
		return "dns";
	}

	@Override
	public DiscoveryResult discover() {
		try {
			List<PeerAddress> found = this.client.search(this.name, this::lookup);
			if (found.isEmpty()) {
				this.nothingFound.nothingFound("No A or AAAA records for {} yet (tried {}); normal while the "
						+ "first nodes start", this.name, this.client.candidates(this.name));
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

	private List<PeerAddress> lookup(Name candidate) throws DnsLookupException {
		DnsReply a = this.client.query(candidate, Type.A);
		if (!a.exists()) {
			return List.of(); // no such name, so no AAAA either
		}
		DnsReply aaaa = this.client.query(candidate, Type.AAAA);
		List<PeerAddress> found = new ArrayList<>();
		for (DnsReply reply : List.of(a, aaaa)) {
			for (String address : AddressRecords.addresses(reply.records(), null)) {
				found.add(new PeerAddress(address, this.port));
			}
		}
		return found;
	}

	static Name parseName(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("The DNS name is empty");
		}
		try {
			return Name.fromString(name.strip());
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "DnsPeerDiscovery[" + this.name + " A/AAAA, port " + this.port + ", " + this.client + "]";
	}

}
