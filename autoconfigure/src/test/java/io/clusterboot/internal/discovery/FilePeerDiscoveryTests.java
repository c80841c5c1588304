package io.clusterboot.internal.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hosts file format, its errors (each naming the file and, for a bad line, its number), and the
 * watch that starts a round when the file's folder changes.
 */
class FilePeerDiscoveryTests {

	@TempDir
	Path folder;

	@Test
	void readsHostsAndPortsSkippingCommentsAndBlankLines() throws Exception {
		Path file = write("""
				# the orders cluster
				127.0.0.2
				127.0.0.3:4371   # with its own port

				   [::1]:4372
				""");
		assertThat(new FilePeerDiscovery(file, 4370).discover()).isEqualTo(DiscoveryResult.found(Set.of(
				new PeerAddress("127.0.0.2", 4370), new PeerAddress("127.0.0.3", 4371), new PeerAddress("::1", 4372))));
	}

	@Test
	void aBadLineFailsTheRoundNamingTheFileAndTheLine() throws Exception {
		Path file = write("127.0.0.2\n# fine\n127.0.0.3:http\n127.0.0.4\n");
		DiscoveryResult result = new FilePeerDiscovery(file, 4370).discover();
		assertThat(result).isInstanceOf(DiscoveryResult.Failed.class);
		assertThat(((DiscoveryResult.Failed) result).error()).startsWith(file + " line 3: ")
			.contains("port is not a number")
			.contains("expected host or host:port");
	}

	@Test
	void aHostWithCharactersNoAddressHasFailsTheRound() throws Exception {
		Path file = write("127.0.0.2\n<script>alert(1)</script>\n");
		DiscoveryResult result = new FilePeerDiscovery(file, 4370).discover();
		assertThat(((DiscoveryResult.Failed) result).error()).startsWith(file + " line 2: ").contains("Invalid peer host");
	}

	@Test
	void aMissingFileFailsNamingTheFileAndTheProperty() {
		Path missing = this.folder.resolve("hosts");
		DiscoveryResult result = new FilePeerDiscovery(missing, 4370).discover();
		assertThat(((DiscoveryResult.Failed) result).error()).isEqualTo(missing + " does not exist (cluster.discovery.file.path)");
	}

	@Test
	void aFileThatIsNotTextFails() throws Exception {
		Path file = this.folder.resolve("hosts");
		Files.write(file, new byte[] { '1', '2', '7', (byte) 0xC3, (byte) 0x28, '\n' });
		DiscoveryResult result = new FilePeerDiscovery(file, 4370).discover();
		assertThat(((DiscoveryResult.Failed) result).error()).isEqualTo(file + " is not UTF-8 text");
	}

	@Test
	void aHugeFileIsRefusedWithoutReadingItAll() throws Exception {
		Path file = this.folder.resolve("hosts");
		Files.write(file, new byte[FilePeerDiscovery.MAX_BYTES + 1]);
		DiscoveryResult result = new FilePeerDiscovery(file, 4370).discover();
		assertThat(((DiscoveryResult.Failed) result).error()).contains("larger than " + FilePeerDiscovery.MAX_BYTES);
	}

	@Test
	void aChangeInTheFolderStartsARound() throws Exception {
		Path file = write("127.0.0.2\n");
		AtomicInteger rounds = new AtomicInteger();
		try (FilePeerDiscovery discovery = new FilePeerDiscovery(file, 4370)) {
			discovery.watch(rounds::incrementAndGet);
			// Polling watch services (as on macOS) look every few seconds: poll for the callback.
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				Files.writeString(file, "127.0.0.2\n127.0.0.3\n");
				assertThat(rounds).hasPositiveValue();
			});
			assertThat(discovery.discover()).isEqualTo(DiscoveryResult
				.found(Set.of(new PeerAddress("127.0.0.2", 4370), new PeerAddress("127.0.0.3", 4370))));
		}
	}

	@Test
	void noRoundIsStartedOnceClosed() throws Exception {
		Path file = write("127.0.0.2\n");
		AtomicInteger rounds = new AtomicInteger();
		FilePeerDiscovery discovery = new FilePeerDiscovery(file, 4370);
		discovery.close();
		discovery.watch(rounds::incrementAndGet);
		Files.writeString(file, "127.0.0.3\n");
		Thread.sleep(500);
		assertThat(rounds).hasValue(0);
	}

	private Path write(String text) throws Exception {
		Path file = this.folder.resolve("hosts");
		Files.writeString(file, text);
		return file;
	}

}
