package io.clusterboot.internal.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.transport.codec.Message;

/**
 * A member that a peer listed, validated: gossip comes from the network, so every entry is checked
 * once, where it arrives, and nothing later has to trust it.
 *
 * @param name the member's name
 * @param address the address of its listener
 * @param incarnation its process incarnation
 */
record GossipedMember(NodeName name, PeerAddress address, long incarnation) {

	/**
	 * Validates a member list, keeping the valid entries.
	 * @param sender who sent the list
	 * @param entries the entries as they arrived
	 * @param max the most entries to keep
	 * @param problems told what was dropped and why, once per list at most; the text is safe to log
	 * @return the valid entries, at most {@code max}
	 */
	static List<GossipedMember> validate(NodeName sender, List<Message.Members.Entry> entries, int max,
			Consumer<String> problems) {
		List<GossipedMember> valid = new ArrayList<>(Math.min(entries.size(), max));
		int invalid = 0;
		String firstProblem = null;
		for (Message.Members.Entry entry : entries) {
			try {
				GossipedMember member = new GossipedMember(NodeName.parse(entry.name()),
						new PeerAddress(entry.host(), entry.port()), entry.incarnation());
				if (valid.size() < max) {
					valid.add(member);
				}
			}
			catch (IllegalArgumentException ex) {
				invalid++;
				if (firstProblem == null) {
					firstProblem = ex.getMessage();
				}
			}
		}
		if (invalid > 0) {
			problems.accept(invalid + " invalid " + ((invalid == 1) ? "entry" : "entries") + " (" + firstProblem + ")");
		}
		int kept = entries.size() - invalid;
		if (kept > max) {
			problems.accept((kept - max) + " entries over the limit of " + max + " members a peer can add");
		}
		return valid;
	}

}
