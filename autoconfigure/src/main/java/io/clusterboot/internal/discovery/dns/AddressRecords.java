package io.clusterboot.internal.discovery.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

import io.netty.util.NetUtil;

/**
 * Reads IP addresses out of A and AAAA records, as text: IPv6 in its short form ({@code ::1}), the
 * way users write it in {@code cluster.discovery.static.peers}.
 */
final class AddressRecords {

	private AddressRecords() {
	}

	/**
	 * The addresses of the A and AAAA records among the given ones.
	 * @param records the records
	 * @param owner only records of this name, or {@code null} for all
	 * @return the addresses, in record order
	 */
	static List<String> addresses(List<Record> records, Name owner) {
		List<String> addresses = new ArrayList<>();
		for (Record record : records) {
			if (owner != null && !record.getName().equals(owner)) {
				continue;
			}
			InetAddress address = null;
			if (record instanceof ARecord a) {
				address = a.getAddress();
			}
			else if (record instanceof AAAARecord aaaa) {
				address = aaaa.getAddress();
			}
			if (address != null) {
				addresses.add(NetUtil.toAddressString(address));
			}
		}
		return addresses;
	}

}
