package io.clusterboot.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE shows: every property the code binds, hints whose values really
 * bind, and the auto-configuration metadata Spring Boot reads without loading classes.
 */
class ConfigurationMetadataTests {

	@Test
	@SuppressWarnings("unchecked")
	void everyHintedValueBindsToItsProperty() throws Exception {
		Map<String, Object> metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new JsonMapper().readValue(in, Map.class);
		}
		List<Map<String, Object>> hints = (List<Map<String, Object>>) metadata.get("hints");
		assertThat(hints).extracting((hint) -> hint.get("name"))
			.contains("cluster.discovery.strategy", "cluster.node.host-mode", "cluster.discovery.kubernetes.mode");
		for (Map<String, Object> hint : hints) {
			String name = (String) hint.get("name");
			for (Map<String, Object> value : (List<Map<String, Object>>) hint.get("values")) {
				Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(name, value.get("value"))));
				ClusterProperties properties = binder.bind("cluster", ClusterProperties.class).get();
				assertThat(properties).as("%s=%s binds", name, value.get("value")).isNotNull();
			}
		}
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("management.health.cluster.enabled", "cluster.auto-startup",
					"cluster.transport.max-pending-handshakes-per-source", "cluster.messaging.request-timeout");
	}

	@Test
	void autoConfigurationMetadataIsGenerated() {
		assertThat(getClass().getResource("/META-INF/spring-autoconfigure-metadata.properties")).isNotNull();
	}

}
