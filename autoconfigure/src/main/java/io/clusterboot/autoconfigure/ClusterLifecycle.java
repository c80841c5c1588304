package io.clusterboot.autoconfigure;

import java.net.BindException;

import org.springframework.context.SmartLifecycle;

import io.clusterboot.internal.membership.ClusterNode;

/**
 * Joins the cluster once the application context is refreshed, so that node up events reach every
 * {@code @EventListener}, and leaves it (sending {@code LEAVE}) once the web server has drained its
 * in-flight requests, and before it stops: a request served during a graceful shutdown still has its
 * peers. Restartable: a stopped context that is started again joins again.
 */
final class ClusterLifecycle implements SmartLifecycle {

	/**
	 * Between the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}, stopped first) and the
	 * web server itself ({@code DEFAULT_PHASE - 2048}, stopped last); without a web server, among the
	 * first to stop.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

	private final ClusterNode node;

	private final String portProperty;

	private final boolean autoStartup;

	ClusterLifecycle(ClusterNode node, String portProperty, boolean autoStartup) {
		this.node = node;
		this.portProperty = portProperty;
		this.autoStartup = autoStartup;
	}

	/**
	 * Binds the node's listener, turning a port in use into a failure that names the property.
	 * @param node the node
	 * @param portProperty the property that sets the port
	 */
	static void bind(ClusterNode node, String portProperty) {
		try {
			node.bind();
		}
		catch (BindException ex) {
			throw portInUse(ex, portProperty);
		}
	}

	private static InvalidClusterPropertyException portInUse(BindException ex, String portProperty) {
		return new InvalidClusterPropertyException(portProperty, ex.getMessage(),
				"Free the port, or choose another with " + portProperty + ", or another cluster.transport.bind-address.",
				ex);
	}

	@Override
	public void start() {
		try {
			this.node.start();
		}
		catch (BindException ex) {
			throw portInUse(ex, this.portProperty);
		}
	}

	@Override
	public void stop() {
		this.node.stop();
	}

	@Override
	public boolean isRunning() {
		return this.node.isRunning();
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
