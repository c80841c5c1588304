package io.clusterboot.autoconfigure;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

import io.clusterboot.internal.transport.TransportWarmup;

/**
 * Warms the cluster transport up on a background thread while the application starts, as Spring
 * Boot's own background pre-initializer does for its parts: a fresh node's first handshake then does
 * not wait for the transport's classes to load. Skipped with {@code cluster.enabled=false}, on a
 * single CPU (where it would only compete with the start-up), and with Spring Boot's switch for the
 * same kind of work, {@code -Dspring.backgroundpreinitializer.ignore=true}.
 */
public final class ClusterTransportPreinitializer implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private final Runnable warmup;

	public ClusterTransportPreinitializer() {
		this(TransportWarmup::startInBackground);
	}

	ClusterTransportPreinitializer(Runnable warmup) {
		this.warmup = warmup;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (Boolean.getBoolean("spring.backgroundpreinitializer.ignore")
				|| Runtime.getRuntime().availableProcessors() < 2
				|| !event.getEnvironment().getProperty("cluster.enabled", Boolean.class, true)) {
			return;
		}
		this.warmup.run();
	}

}
