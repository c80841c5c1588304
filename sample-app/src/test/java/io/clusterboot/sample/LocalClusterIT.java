package io.clusterboot.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default: starting the sample app twice, with no cluster configuration, gives a
 * two-node cluster that shares a generated, owner-only cookie.
 */
class LocalClusterIT {

	@TempDir
	Path home;

	@TempDir
	Path logs;

	@Test
	void twoInstancesWithNoConfigurationFindEachOther() throws Exception {
		// A private home for the generated cookie, and a port range no developer's own sample uses.
		List<String> jvm = List.of("-Duser.home=" + this.home);
		List<String> args = List.of("--cluster.discovery.local.port-range=24480-24484");
		try (SampleNode first = SampleNode.launch("local-1", this.logs, jvm, args, null);
				SampleNode second = SampleNode.launch("local-2", this.logs, jvm, args, null)) {
			first.awaitLog("Node up: sample-2448\\d@127\\.0\\.0\\.1 at 127\\.0\\.0\\.1:2448\\d", 1);
			second.awaitLog("Node up: sample-2448\\d@127\\.0\\.0\\.1 at 127\\.0\\.0\\.1:2448\\d", 1);

			Path cookie = this.home.resolve(".clusterboot/cookie");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookie))).isEqualTo("rw-------");
			String secret = Files.readString(cookie).strip();
			assertThat(first.output()).doesNotContain(secret);
			assertThat(second.output()).doesNotContain(secret);
		}
	}

}
