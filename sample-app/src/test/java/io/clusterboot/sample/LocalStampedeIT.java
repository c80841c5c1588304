package io.clusterboot.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Eight instances started at the same instant on one host with no configuration and no cookie file
 * (the {@code local} strategy): one cookie file is created, owner-only, and the eight form one mesh
 * soon after the last of them has started.
 */
class LocalStampedeIT {

	private static final int NODES = 8;

	@TempDir
	Path home;

	@TempDir
	Path logs;

	private final List<SampleNode> nodes = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (SampleNode node : this.nodes) {
			node.close();
		}
	}

	@Test
	void eightInstancesStartedAtOnceShareOneCookieAndFormOneMesh() throws Exception {
		List<String> jvm = List.of("-Duser.home=" + this.home);
		List<String> args = List.of("--cluster.discovery.local.port-range=24490-24499");
		for (int i = 0; i < NODES; i++) {
			this.nodes.add(SampleNode.launch("stampede-" + i, this.logs, jvm, args, null));
		}
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
			for (SampleNode node : this.nodes) {
				if (NodeEvents.of(node).stream().filter(NodeEvents.Event::up).map(NodeEvents.Event::peer).distinct()
					.count() < NODES - 1) {
					return false;
				}
			}
			return true;
		});
		Instant lastStarted = Instant.MIN;
		Instant meshAt = Instant.MIN;
		for (SampleNode node : this.nodes) {
			Instant started = startedAt(node);
			lastStarted = started.isAfter(lastStarted) ? started : lastStarted;
			List<String> seen = new ArrayList<>();
			for (NodeEvents.Event event : NodeEvents.of(node)) {
				if (event.up() && !seen.contains(event.peer())) {
					seen.add(event.peer());
					if (seen.size() == NODES - 1) {
						meshAt = event.at().isAfter(meshAt) ? event.at() : meshAt;
					}
				}
			}
			assertThat(NodeEvents.of(node)).as("%s lost no peer", node.host()).allMatch(NodeEvents.Event::up);
		}
		Duration afterLastStart = Duration.between(lastStarted, meshAt);
		System.out.printf("7. eight nodes at once, local strategy: one mesh %.2f s after the last one started%n",
				afterLastStart.toMillis() / 1000.0);
		Path cookie = this.home.resolve(".clusterboot/cookie");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookie))).isEqualTo("rw-------");
		try (var files = Files.list(cookie.getParent())) {
			assertThat(files.filter((f) -> !f.getFileName().toString().startsWith("."))).containsExactly(cookie);
		}
		assertThat(afterLastStart).as("one mesh after the last start").isLessThanOrEqualTo(Duration.ofSeconds(10));
	}

	private static Instant startedAt(SampleNode node) {
		Matcher line = Pattern.compile("(?m)^(\\S+)\\s+INFO .*Started SampleApplication").matcher(node.output());
		if (!line.find()) {
			throw new IllegalStateException(node.host() + " has not started");
		}
		return OffsetDateTime.parse(line.group(1)).toInstant();
	}

}
