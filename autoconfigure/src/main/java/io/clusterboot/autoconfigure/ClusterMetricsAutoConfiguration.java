package io.clusterboot.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.clusterboot.actuate.ClusterMessagingMeterBinder;
import io.clusterboot.actuate.ClusterMeterBinder;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.messaging.Messenger;

/**
 * The cluster's Micrometer meters, bound to every registry by Spring Boot's metrics support.
 */
@AutoConfiguration(after = { ClusterAutoConfiguration.class, ClusterMessagingAutoConfiguration.class })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(ClusterNode.class)
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterMeterBinder clusterMeterBinder(ClusterNode node) {
		return new ClusterMeterBinder(node);
	}

	@Bean
	@ConditionalOnBean(Messenger.class)
	@ConditionalOnMissingBean
	ClusterMessagingMeterBinder clusterMessagingMeterBinder(Messenger messenger) {
		return new ClusterMessagingMeterBinder(messenger);
	}

}
