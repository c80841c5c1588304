package io.clusterboot.bench.gate;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.clusterboot.ClusterListener;
import io.clusterboot.autoconfigure.ClusterAutoConfiguration;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

/**
 * Added to the unchanged sample-app jar by the harness ({@code -Dloader.path=cluster-bench.jar} with
 * Spring Boot's {@code PropertiesLauncher}) and active only with {@code --bench.gate=true}: replaces
 * static discovery with {@link GatedDiscovery} over the same {@code cluster.discovery.static.peers},
 * and prints membership events for the harness. Runs before the cluster's auto-configuration so that
 * its {@code @ConditionalOnMissingBean} discovery backs off.
 */
@AutoConfiguration(before = ClusterAutoConfiguration.class)
@ConditionalOnBooleanProperty("bench.gate")
public final class BenchGateAutoConfiguration {

	@Bean
	PeerDiscovery benchGatedDiscovery(Environment environment) {
		int port = environment.getProperty("cluster.transport.port", Integer.class, 4370);
		Set<PeerAddress> peers = new LinkedHashSet<>();
		for (String peer : environment.getProperty("cluster.discovery.static.peers", "").split(",")) {
			if (!peer.isBlank()) {
				peers.add(PeerAddress.parse(peer, port));
			}
		}
		return new GatedDiscovery(peers);
	}

	@Bean
	ClusterListener benchEventPrinter() {
		return new EventPrinter();
	}

}
