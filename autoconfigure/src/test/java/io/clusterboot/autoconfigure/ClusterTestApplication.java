package io.clusterboot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole application with the cluster, actuator and a web server on a random port of 127.0.0.1, as
 * a user would have it; several run side by side in one JVM as separate nodes.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ClusterTestApplication {

	static Map<String, Object> defaults() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.application.name", "orders");
		properties.put("spring.main.banner-mode", "off");
		properties.put("server.port", "0");
		properties.put("server.address", "127.0.0.1");
		properties.put("management.endpoints.web.exposure.include", "cluster,health,env,configprops,metrics");
		properties.put("management.endpoint.health.show-details", "always");
		properties.put("management.endpoint.env.show-values", "always");
		properties.put("management.endpoint.configprops.show-values", "always");
		properties.put("cluster.discovery.strategy", "static");
		properties.put("cluster.discovery.poll-interval", "1s");
		properties.put("cluster.heartbeat.interval", "200ms");
		// Generous: a build machine shared with other builds can stall a JVM for seconds, and a test
		// that sees a peer go down for that reason proves nothing.
		properties.put("cluster.heartbeat.timeout", "20s");
		return properties;
	}

	static ConfigurableApplicationContext run(WebApplicationType type, Map<String, Object> properties,
			Class<?>... extraSources) {
		Class<?>[] sources = new Class<?>[extraSources.length + 1];
		sources[0] = ClusterTestApplication.class;
		System.arraycopy(extraSources, 0, sources, 1, extraSources.length);
		return new SpringApplicationBuilder(sources).web(type).properties(properties).run();
	}

}
