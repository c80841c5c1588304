package io.clusterboot.internal.discovery.dns;

import java.util.List;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A usable answer to one query.
 *
 * @param name the name asked for
 * @param exists {@code false} if the server said the name does not exist (NXDOMAIN)
 * @param records the records of the asked type for the name, after following CNAMEs; empty when the
 * name does not exist or has none of that type
 * @param additional the additional section of the answer that held the records
 */
public record DnsReply(Name name, boolean exists, List<Record> records, List<Record> additional) {

	public DnsReply {
		records = List.copyOf(records);
		additional = List.copyOf(additional);
	}

	static DnsReply noSuchName(Name name) {
		return new DnsReply(name, false, List.of(), List.of());
	}

}
