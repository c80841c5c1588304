package io.clusterboot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.clusterboot.Cluster;
import io.clusterboot.actuate.ClusterHealthIndicator;

/**
 * The {@code cluster} health indicator, unless {@code management.health.cluster.enabled=false}.
 */
@AutoConfiguration(after = ClusterAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Cluster.class)
@ConditionalOnEnabledHealthIndicator("cluster")
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "clusterHealthIndicator")
	ClusterHealthIndicator clusterHealthIndicator(Cluster cluster, ClusterProperties properties) {
		return new ClusterHealthIndicator(cluster, properties.getHealth().getMinPeers());
	}

}
