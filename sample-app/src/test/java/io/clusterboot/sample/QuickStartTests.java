package io.clusterboot.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Quick start is these files, word for word, and they work: the YAML serves
 * {@code /actuator/cluster} and the class prints the node's real name. The test overrides only what
 * must differ on this machine: the addresses (loopback instead of the README's 10.0.0.x, which must
 * never be dialled from here), the ports and the cookie's value.
 */
@ExtendWith(OutputCaptureExtension.class)
class QuickStartTests {

	private static final Path README = Path.of("..", "README.md");

	@Test
	void theReadmeShowsTheseFilesWordForWord() throws IOException {
		String readme = Files.readString(README);
		String yaml = Files.readString(Path.of("src/test/resources/quickstart/application.yaml"));
		String java = Files.readString(Path.of("src/main/java/io/clusterboot/sample/Membership.java"));
		String snippet = java.substring(java.indexOf("@Component"));
		assertThat(readme).contains("```yaml\n" + yaml + "```").contains("```java\n" + snippet + "```");
	}

	@Test
	void theQuickStartAppServesTheEndpointAndPrintsItsRealName(CapturedOutput output) throws Exception {
		int port = freePort();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class).run(
				"--spring.config.location=classpath:quickstart/application.yaml", "--server.port=0",
				"--CLUSTER_COOKIE=quick-start-test-cookie-0123456789", "--cluster.node.host=127.0.0.2",
				"--cluster.transport.port=" + port, "--cluster.discovery.static.peers=127.0.0.3:" + port)) {
			assertThat(output.getOut()).contains("I am orders@127.0.0.2; connected so far: []");
			int http = app.getEnvironment().getProperty("local.server.port", Integer.class);
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/actuator/cluster")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"node\":\"orders@127.0.0.2\"");
		}
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.2"))) {
			return socket.getLocalPort();
		}
	}

}
