package io.clusterboot.autoconfigure;

import org.springframework.context.ApplicationEventPublisher;

import io.clusterboot.ClusterListener;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeUpEvent;

/**
 * Republishes node up and node down as Spring application events, so that
 * {@code @EventListener void on(NodeDownEvent event)} works.
 */
final class ClusterEventPublisher implements ClusterListener {

	private final ApplicationEventPublisher publisher;

	ClusterEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void nodeUp(NodeUpEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void nodeDown(NodeDownEvent event) {
		this.publisher.publishEvent(event);
	}

}
