package io.clusterboot.autoconfigure;

import java.util.Map;

import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.clusterboot.autoconfigure.ClusterProperties.Discovery.Strategy;

/**
 * With the {@code spring-cloud} strategy, puts this node's cluster port into its own Eureka
 * registration ({@code eureka.instance.metadata-map.cluster-port}, Spring Cloud Netflix's documented
 * way to add metadata), unless the application set that key itself, so that peers dial the cluster
 * port rather than the HTTP port the instance registers. The instance configuration is changed before
 * Eureka reads it, which is why this is a bean post-processor and not a listener. Nothing here needs
 * Eureka to compile: the bean is recognised by its class name and changed through its bean property.
 */
final class EurekaClusterPortPublisher implements BeanPostProcessor {

	static final String INSTANCE_CONFIG_CLASS = "org.springframework.cloud.netflix.eureka.EurekaInstanceConfigBean";

	private final Environment environment;

	EurekaClusterPortPublisher(Environment environment) {
		this.environment = environment;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (!INSTANCE_CONFIG_CLASS.equals(ClassUtils.getUserClass(bean).getName())) {
			return bean;
		}
		Binder binder = Binder.get(this.environment);
		Strategy strategy = binder.bind("cluster.discovery.strategy", Strategy.class).orElse(Strategy.LOCAL);
		boolean publish = binder.bind("cluster.discovery.spring-cloud.publish-port", Boolean.class).orElse(true);
		if (strategy != Strategy.SPRING_CLOUD || !publish) {
			return bean;
		}
		String key = binder.bind("cluster.discovery.spring-cloud.port-metadata-key", String.class)
			.orElse("cluster-port");
		int port = binder.bind("cluster.transport.port", Integer.class).orElse(ClusterProperties.DEFAULT_PORT);
		Map<String, String> metadata = (Map<String, String>) PropertyAccessorFactory.forBeanPropertyAccess(bean)
			.getPropertyValue("metadataMap");
		if (metadata != null) {
			metadata.putIfAbsent(key, Integer.toString(port));
		}
		return bean;
	}

}
