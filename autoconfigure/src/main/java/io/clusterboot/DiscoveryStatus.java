package io.clusterboot;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.clusterboot.discovery.PeerAddress;

/**
 * The outcome of the last discovery round.
 *
 * @param strategy the discovery strategy, e.g. {@code dns}
 * @param lastRun when the last round finished, or {@code null} before the first
 * @param duration how long it took, or {@code null} before the first
 * @param addresses the addresses in use: the last good answer (kept when a round fails)
 * @param error the last round's error, or {@code null} if it succeeded
 */
public record DiscoveryStatus(String strategy, @Nullable Instant lastRun, @Nullable Duration duration,
		Set<PeerAddress> addresses, @Nullable String error) {
}
