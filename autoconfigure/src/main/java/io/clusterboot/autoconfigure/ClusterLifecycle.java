package io.clusterboot.autoconfigure;

import java.net.BindException;

import org.springframework.context.SmartLifecycle;

import io.clusterboot.membership.ClusterNode;

/**
 * Starts the node once the application context is refreshed, so that node up events reach every
 * {@code @EventListener}, and stops it (sending {@code LEAVE}) first thing on shutdown.
 */
final class ClusterLifecycle implements SmartLifecycle {

	private final ClusterNode node;

	private final String portProperty;

	private volatile boolean running;

	ClusterLifecycle(ClusterNode node, String portProperty) {
		this.node = node;
		this.portProperty = portProperty;
	}

	@Override
	public void start() {
		try {
			this.node.start();
			this.running = true;
		}
		catch (BindException ex) {
			throw new InvalidClusterPropertyException(this.portProperty, ex.getMessage(),
					"Free the port, or choose another with " + this.portProperty
							+ ", or another cluster.transport.bind-address.",
					ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.node.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
