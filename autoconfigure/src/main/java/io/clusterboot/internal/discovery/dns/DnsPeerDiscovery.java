package io.clusterboot.internal.discovery.dns;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import io.clusterboot.discovery.PeerAddress;

/**
 * The A and AAAA records of a name ({@code cluster.discovery.dns.name}), such as a headless Service's
 * {@code myapp-headless.myns.svc.cluster.local}: each address is dialled on the cluster port. A name
 * that does not exist or has no records is "found nothing"; a query that gets no usable answer fails
 * the round, so that the last good addresses are kept.
 */
public final class DnsPeerDiscovery extends DnsRecordDiscovery {

	private static final Logger logger = LoggerFactory.getLogger(DnsPeerDiscovery.class);

	private final int port;

	/**
	 * Creates the discovery.
	 * @param name the name to look up; relative names are completed by the search path
	 * @param port the port to dial on each address
	 * @param settings where and how to ask
	 * @throws IllegalArgumentException if the name is not a valid DNS name
	 */
	public DnsPeerDiscovery(String name, int port, DnsSettings settings) {
		super(name, settings, logger, "A or AAAA records");
		this.port = port;
	}

	@Override
	public String name() {
		return "dns";
	}

	@Override
	protected List<PeerAddress> lookup(Name candidate) throws DnsLookupException {
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

	@Override
	public String toString() {
		return "DnsPeerDiscovery[" + this.name + " A/AAAA, port " + this.port + ", " + this.client + "]";
	}

}
