package io.clusterboot;

/**
 * A connected peer is no longer connected. Published to {@link ClusterListener}s and, in a Spring
 * application, as an application event.
 *
 * @param member the peer, in state {@link MemberState#DOWN} or {@link MemberState#LEFT}
 * @param reason why: {@code connection-closed}, {@code heartbeat-timeout}, {@code left}, …
 */
public record NodeDownEvent(Member member, String reason) {
}
