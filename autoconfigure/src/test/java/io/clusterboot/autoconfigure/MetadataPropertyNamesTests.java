package io.clusterboot.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names of a configuration metadata file's properties, and nothing else that is called a name in
 * it.
 */
class MetadataPropertyNamesTests {

	@Test
	void onlyTheNamesOfThePropertiesArrayAreRead() {
		String json = """
				{
				  "groups": [ { "name": "cluster.group", "type": "x" } ],
				  "properties": [
				    {
				      "name": "cluster.a",
				      "description": "Say \\"name\\": \\"cluster.quoted\\" and \\" ] \\" in quotes.",
				      "deprecation": { "name": "cluster.nested", "level": "error" }
				    },
				    { "type": "java.lang.String", "name" : "cluster.b", "defaultValue": ["x", "y"] }
				  ],
				  "hints": [ { "name": "cluster.hinted", "providers": [ { "name": "handle-as" } ] } ],
				  "ignored": { "properties": [ { "name": "cluster.ignored" } ] }
				}
				""";
		assertThat(MetadataPropertyNames.of(json)).containsExactly("cluster.a", "cluster.b");
	}

	@Test
	void readsEveryPropertyOfTheStartersOwnMetadata() throws Exception {
		Path classes = Path.of(ClusterPropertyChecker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		String json = Files.readString(classes.resolve("META-INF/spring-configuration-metadata.json"));
		// The processor writes one key per line: its property section, read line by line, is the oracle.
		String section = json.substring(json.indexOf("\n  \"properties\""), json.indexOf("\n  \"hints\""));
		Matcher names = Pattern.compile("\n      \"name\": \"([^\"]+)\"").matcher(section);
		Set<String> expected = new TreeSet<>();
		while (names.find()) {
			expected.add(names.group(1));
		}
		assertThat(expected).hasSizeGreaterThan(40).contains("cluster.heartbeat.interval", "cluster.cookie");
		assertThat(MetadataPropertyNames.of(json)).isEqualTo(expected);
	}

}
