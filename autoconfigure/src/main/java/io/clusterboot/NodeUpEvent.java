package io.clusterboot;

/**
 * A peer completed a handshake and is now connected. Published to {@link ClusterListener}s and, in a
 * Spring application, as an application event ({@code @EventListener void on(NodeUpEvent e)}).
 *
 * @param member the peer, in state {@link MemberState#CONNECTED}
 */
public record NodeUpEvent(Member member) implements ClusterEvent {
}
