package io.clusterboot;

/**
 * A connected peer is no longer connected. Published to {@link ClusterListener}s and, in a Spring
 * application, as an application event.
 *
 * @param member the peer, in state {@link MemberState#DOWN} or {@link MemberState#LEFT}
 * @param reason why: {@link Reason#CONNECTION_CLOSED}, {@link Reason#HEARTBEAT_TIMEOUT},
 * {@link Reason#LEFT}, …
 */
public record NodeDownEvent(Member member, Reason reason) implements ClusterEvent {
}
