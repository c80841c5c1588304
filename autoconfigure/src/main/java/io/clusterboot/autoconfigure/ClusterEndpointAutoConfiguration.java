package io.clusterboot.autoconfigure;

import java.time.Clock;
import java.time.Instant;

import com.samskivert.mustache.Mustache;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import io.clusterboot.Cluster;
import io.clusterboot.messaging.ClusterMessaging;
import io.clusterboot.actuate.ClusterEndpoint;
import io.clusterboot.internal.messaging.Messenger;

/**
 * The {@code /actuator/cluster} endpoint, when it is enabled and exposed.
 */
@AutoConfiguration(after = { ClusterAutoConfiguration.class, ClusterMessagingAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, Mustache.class })
@ConditionalOnBean(Cluster.class)
public final class ClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ClusterEndpoint clusterEndpoint(Cluster cluster, ObjectProvider<ClusterMessaging> messaging,
			ApplicationContext context, ClusterProperties properties) {
		return new ClusterEndpoint(cluster, messaging.getIfAvailable(), Instant.ofEpochMilli(context.getStartupDate()),
				Clock.systemUTC(), properties.getView().getTimeout());
	}

	@Bean
	@ConditionalOnBean(Messenger.class)
	@ConditionalOnMissingBean
	ClusterViewResponder clusterViewResponder(Cluster cluster, Messenger messenger, ApplicationContext context) {
		return new ClusterViewResponder(cluster, messenger, Instant.ofEpochMilli(context.getStartupDate()));
	}

}
