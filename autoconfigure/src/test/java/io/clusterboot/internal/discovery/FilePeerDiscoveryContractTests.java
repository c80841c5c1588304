package io.clusterboot.internal.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.io.TempDir;

import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.discovery.PeerDiscoveryContractTest;

class FilePeerDiscoveryContractTests extends PeerDiscoveryContractTest {

	@TempDir
	Path folder;

	@Override
	protected Set<PeerAddress> someAddresses() {
		return Set.of(new PeerAddress("127.0.0.2", 4370), new PeerAddress("127.0.0.3", 4371),
				new PeerAddress("::1", 4372));
	}

	@Override
	protected PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) throws Exception {
		Path file = Files.createTempFile(this.folder, "hosts", ".txt");
		Files.writeString(file, addresses.stream()
			.map((a) -> (a.host().contains(":") ? "[" + a.host() + "]" : a.host()) + ":" + a.port())
			.collect(Collectors.joining("\n", "# the peers\n", "\n")));
		return new FilePeerDiscovery(file, 4370);
	}

	@Override
	protected PeerDiscovery discoveryOfBrokenSource() {
		return new FilePeerDiscovery(this.folder.resolve("missing"), 4370);
	}

}
