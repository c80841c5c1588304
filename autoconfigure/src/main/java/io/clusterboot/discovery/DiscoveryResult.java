package io.clusterboot.discovery;

import java.util.Objects;
import java.util.Set;

/**
 * What one discovery round found. "Found nothing" and "failed" are different answers: on a failure
 * the caller keeps the last good set of addresses.
 */
public sealed interface DiscoveryResult {

	/**
	 * The source answered with these addresses (possibly none).
	 * @param addresses the addresses to dial
	 */
	record Found(Set<PeerAddress> addresses) implements DiscoveryResult {

		public Found {
			addresses = Set.copyOf(addresses);
		}

	}

	/**
	 * The source could not be asked or gave no usable answer.
	 * @param error a message for operators: what failed, where, and what to check
	 */
	record Failed(String error) implements DiscoveryResult {

		public Failed {
			Objects.requireNonNull(error, "error");
		}

	}

	static DiscoveryResult found(Set<PeerAddress> addresses) {
		return new Found(addresses);
	}

	static DiscoveryResult failed(String error) {
		return new Failed(error);
	}

}
