package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A setting that does nothing is said at start-up: a misspelled name with the closest real one, and
 * the settings of a strategy that is not chosen.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterPropertyCheckerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "cluster.cookie=" + TestNodes.COOKIE,
				"cluster.auto-startup=false");

	@Test
	void aMisspelledPropertyIsNamedWithTheClosestRealOne(CapturedOutput output) {
		this.runner.withPropertyValues("cluster.discovery.stratgy=static").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("The property cluster.discovery.stratgy does not exist and is ignored; "
					+ "did you mean cluster.discovery.strategy?");
		});
	}

	@Test
	void settingsOfAStrategyThatIsNotChosenAreSaidToBeIgnored(CapturedOutput output) {
		this.runner
			.withPropertyValues("cluster.discovery.strategy=static", "cluster.node.host=127.0.0.2",
					"cluster.discovery.static.peers=127.0.0.3:4370", "cluster.discovery.dns.name=orders-headless")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains(
						"cluster.discovery.dns.name is set, but cluster.discovery.strategy is static: it is ignored");
				assertThat(output).doesNotContain("cluster.discovery.static.peers is set");
			});
	}

	@Test
	void ourOwnMetadataIsReadWhenAnotherJarsComesFirstOnTheClassPath(@TempDir Path other) throws Exception {
		Path metadata = Files.createDirectories(other.resolve("META-INF")).resolve("spring-configuration-metadata.json");
		Files.writeString(metadata, "{\"properties\": [{\"name\": \"cluster.not-ours\"}, {\"name\": \"spring.other\"}]}");
		URL ours = ClusterPropertyChecker.class.getProtectionDomain().getCodeSource().getLocation();
		try (URLClassLoader classPath = new URLClassLoader(new URL[] { other.toUri().toURL(), ours }, null)) {
			assertThat(classPath.getResource("META-INF/spring-configuration-metadata.json").toString())
				.as("the other jar's metadata is the first one")
				.startsWith(other.toUri().toURL().toString());
			assertThat(ClusterPropertyChecker.knownNames(classPath)).contains("cluster.heartbeat.interval",
					"cluster.discovery.strategy", "cluster.cookie").doesNotContain("cluster.not-ours");
		}
	}

	@Test
	void ourOwnMetadataIsFoundInsideAJarWhosePathHasASpace(@TempDir Path temp) throws Exception {
		// As an application runs from jars: the URLs are jar: URLs, and the space is escaped in them.
		Path folder = Files.createDirectories(temp.resolve("lib with space"));
		String self = ClusterPropertyChecker.class.getName().replace('.', '/') + ".class";
		String metadata = "META-INF/spring-configuration-metadata.json";
		Path other = jar(folder.resolve("other.jar"), metadata,
				"{\"properties\": [{\"name\": \"cluster.not-ours\"}]}".getBytes(StandardCharsets.UTF_8));
		Path ours = jar(folder.resolve("cluster autoconfigure.jar"), self, resource(self), metadata,
				resource(metadata));
		try (URLClassLoader classPath = new URLClassLoader(
				new URL[] { other.toUri().toURL(), ours.toUri().toURL() }, null)) {
			assertThat(classPath.getResource(self).toString()).as("our class is read from the jar")
				.startsWith("jar:file:")
				.contains("lib%20with%20space");
			assertThat(ClusterPropertyChecker.knownNames(classPath)).contains("cluster.heartbeat.interval",
					"cluster.discovery.strategy").doesNotContain("cluster.not-ours");
		}
	}

	private static byte[] resource(String name) throws IOException {
		URL ours = ClusterPropertyChecker.class.getProtectionDomain().getCodeSource().getLocation();
		try (URLClassLoader classPath = new URLClassLoader(new URL[] { ours }, null);
				InputStream in = classPath.getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return in.readAllBytes();
		}
	}

	private static Path jar(Path path, Object... namesAndContents) throws IOException {
		try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out)) {
			for (int i = 0; i < namesAndContents.length; i += 2) {
				jar.putNextEntry(new JarEntry((String) namesAndContents[i]));
				jar.write((byte[]) namesAndContents[i + 1]);
				jar.closeEntry();
			}
		}
		return path;
	}

	@Test
	void correctSettingsAreNotWarnedAbout(CapturedOutput output) {
		this.runner.withPropertyValues("cluster.discovery.strategy=static", "cluster.node.host=127.0.0.2",
				"cluster.discovery.static.peers[0]=127.0.0.3:4370", "cluster.heartbeat.timeout=6s")
			.run((context) -> assertThat(output).doesNotContain("does not exist").doesNotContain("is ignored"));
	}

}
