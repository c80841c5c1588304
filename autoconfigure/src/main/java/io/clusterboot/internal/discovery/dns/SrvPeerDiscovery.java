package io.clusterboot.internal.discovery.dns;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

import io.clusterboot.discovery.PeerAddress;

/**
 * The SRV records of a name ({@code cluster.discovery.srv.name}), such as the
 * {@code _cluster._tcp.myapp-headless.myns.svc.cluster.local} that Kubernetes publishes for a headless
 * Service's port named {@code cluster}: each target is dialled on its record's port. Target addresses
 * come from the answer's additional section when the server put them there, else from A and AAAA
 * queries. Every query must get a usable answer, or the round fails and the last good addresses are
 * kept; a target that does not exist (a pod that just went away) is skipped.
 */
public final class SrvPeerDiscovery extends DnsRecordDiscovery {

	private static final Logger logger = LoggerFactory.getLogger(SrvPeerDiscovery.class);


	/**
	 * Creates the discovery.
	 * @param name the SRV name; relative names are completed by the search path
	 * @param settings where and how to ask
	 * @throws IllegalArgumentException if the name is not a valid DNS name
	 */
	public SrvPeerDiscovery(String name, DnsSettings settings) {
		super(name, settings, logger, "SRV records with reachable targets");
	}

	@Override
	public String name() {
		return "srv";
	}

	@Override
	protected List<PeerAddress> lookup(Name candidate) throws DnsLookupException {
		DnsReply reply = this.client.query(candidate, Type.SRV);
		List<PeerAddress> found = new ArrayList<>();
		for (Record record : reply.records()) {
			SRVRecord srv = (SRVRecord) record;
			// Target "." means "no service here" (RFC 2782); port 0 cannot be dialled.
			if (srv.getTarget().equals(Name.root) || srv.getPort() == 0) {
				continue;
			}
			for (String address : addresses(srv.getTarget(), reply.additional())) {
				found.add(new PeerAddress(address, srv.getPort()));
			}
		}
		return found;
	}

	private List<String> addresses(Name target, List<Record> additional) throws DnsLookupException {
		List<String> fromAdditional = AddressRecords.addresses(additional, target);
		if (!fromAdditional.isEmpty()) {
			return fromAdditional;
		}
		DnsReply a = this.client.query(target, Type.A);
		if (!a.exists()) {
			return List.of();
		}
		DnsReply aaaa = this.client.query(target, Type.AAAA);
		List<String> addresses = new ArrayList<>(AddressRecords.addresses(a.records(), null));
		addresses.addAll(AddressRecords.addresses(aaaa.records(), null));
		return addresses;
	}

	@Override
	public String toString() {
		return "SrvPeerDiscovery[" + this.name + " SRV, " + this.client + "]";
	}

}
