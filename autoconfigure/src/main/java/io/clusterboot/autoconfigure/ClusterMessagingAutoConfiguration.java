package io.clusterboot.autoconfigure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.messaging.JsonPayloadCodec;
import io.clusterboot.internal.messaging.Messenger;
import io.clusterboot.messaging.ClusterMessaging;

/**
 * {@link ClusterMessaging} over the node's connections, and {@code @ClusterMessageListener} methods.
 */
@AutoConfiguration(after = ClusterAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnBean(ClusterNode.class)
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterMessagingAutoConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	@ConditionalOnMissingBean(name = "clusterMessagingExecutor")
	ExecutorService clusterMessagingExecutor(ClusterProperties properties, Environment environment) {
		if (environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false)) {
			ExecutorService virtual = virtualThreads();
			if (virtual != null) {
				return virtual;
			}
		}
		int threads = properties.getMessaging().getListenerThreads();
		if (threads < 1) {
			throw new InvalidClusterPropertyException("cluster.messaging.listener-threads", "must be at least 1",
					"Set cluster.messaging.listener-threads to a positive number such as 4.");
		}
		AtomicInteger count = new AtomicInteger();
		return Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "cluster-messaging-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	// Java 21's virtual threads, where the JVM has them; this library is compiled for Java 17.
	private static ExecutorService virtualThreads() {
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	@Bean
	@ConditionalOnMissingBean(ClusterMessaging.class)
	Messenger clusterMessaging(ClusterNode node, ClusterSettings settings, ClusterProperties properties,
			ObjectProvider<JsonMapper> jsonMapper, ExecutorService clusterMessagingExecutor) {
		JsonMapper mapper = jsonMapper.getIfAvailable(JsonMapper::new);
		return new Messenger(node, new JsonPayloadCodec(mapper), clusterMessagingExecutor,
				properties.getMessaging().getRequestTimeout(), settings.transport().maxFrameSize());
	}

	@Bean
	@ConditionalOnBean(Messenger.class)
	static ClusterMessageListenerRegistrar clusterMessageListenerRegistrar(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<Messenger> messenger) {
		return new ClusterMessageListenerRegistrar(beanFactory, messenger.getObject());
	}

}
