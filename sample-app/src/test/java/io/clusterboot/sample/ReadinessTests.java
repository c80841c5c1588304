package io.clusterboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code cluster} in the readiness group, as the README says, {@code min-peers} decides whether a
 * pod gets traffic; without it, only {@code /actuator/health} shows the cluster.
 */
class ReadinessTests {

	@Test
	void withClusterInTheReadinessGroupALoneNodeBelowMinPeersIsNotReady() throws Exception {
		try (ConfigurableApplicationContext app = start("--management.endpoint.health.group.readiness.include=readinessState,cluster")) {
			assertThat(status(app, "/actuator/health/readiness")).isEqualTo(503);
			assertThat(status(app, "/actuator/health")).isEqualTo(503);
		}
	}

	@Test
	void withoutItReadinessStaysUpWhileHealthIsDown() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			assertThat(status(app, "/actuator/health/readiness")).isEqualTo(200);
			assertThat(status(app, "/actuator/health")).isEqualTo(503);
		}
	}

	private static ConfigurableApplicationContext start(String... more) {
		String[] args = { "--server.port=0", "--cluster.health.min-peers=1",
				"--management.endpoint.health.probes.enabled=true", "--cluster.discovery.local.port-range=24400-24409" };
		String[] all = new String[args.length + more.length];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(more, 0, all, args.length, more.length);
		return new SpringApplicationBuilder(SampleApplication.class).run(all);
	}

	private static int status(ConfigurableApplicationContext app, String path) throws Exception {
		int port = app.getEnvironment().getProperty("local.server.port", Integer.class);
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
