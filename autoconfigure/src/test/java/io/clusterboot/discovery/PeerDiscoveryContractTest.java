package io.clusterboot.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every discovery strategy promises, whatever its source: it finds exactly what the source
 * publishes, "nothing published" is an empty {@link DiscoveryResult.Found}, a broken source is a
 * {@link DiscoveryResult.Failed} (never an empty set, never an exception), and it has a name.
 * <p>
 * A strategy's test extends this class and says how to publish addresses in its source and how to
 * break that source.
 */
public abstract class PeerDiscoveryContractTest {

	private final List<PeerDiscovery> created = new ArrayList<>();

	/**
	 * Three distinct addresses that this strategy's source can publish.
	 * @return the addresses
	 */
	protected abstract Set<PeerAddress> someAddresses() throws Exception;

	/**
	 * Publishes exactly these addresses in a source and returns a discovery that asks it.
	 * @param addresses the addresses to publish, possibly none
	 * @return the discovery
	 */
	protected abstract PeerDiscovery discoveryPublishing(Set<PeerAddress> addresses) throws Exception;

	/**
	 * Returns a discovery whose source is broken: unreachable, answering errors, or answering nonsense.
	 * @return the discovery, or {@code null} if the strategy has no source that can fail
	 */
	protected abstract PeerDiscovery discoveryOfBrokenSource() throws Exception;

	@Test
	void findsExactlyThePublishedAddresses() throws Exception {
		Set<PeerAddress> published = someAddresses();
		assertThat(published).hasSize(3);
		DiscoveryResult result = discover(track(discoveryPublishing(published)));
		assertThat(result).isInstanceOf(DiscoveryResult.Found.class);
		assertThat(((DiscoveryResult.Found) result).addresses()).containsExactlyInAnyOrderElementsOf(published);
	}

	@Test
	void findsNothingAsAnEmptySetWhenNothingIsPublished() throws Exception {
		DiscoveryResult result = discover(track(discoveryPublishing(Set.of())));
		assertThat(result).isInstanceOf(DiscoveryResult.Found.class);
		assertThat(((DiscoveryResult.Found) result).addresses()).isEmpty();
	}

	@Test
	void answersTheSameWhenAskedAgain() throws Exception {
		Set<PeerAddress> published = someAddresses();
		PeerDiscovery discovery = track(discoveryPublishing(published));
		for (int round = 0; round < 3; round++) {
			assertThat(discover(discovery)).isEqualTo(new DiscoveryResult.Found(published));
		}
	}

	@Test
	void reportsABrokenSourceAsFailedNotAsFoundNothing() throws Exception {
		PeerDiscovery discovery = track(discoveryOfBrokenSource());
		assumeTrue(discovery != null, "this strategy has no source that can fail");
		for (int round = 0; round < 2; round++) {
			DiscoveryResult result = discover(discovery);
			assertThat(result).isInstanceOf(DiscoveryResult.Failed.class);
			assertThat(((DiscoveryResult.Failed) result).error()).isNotBlank();
		}
	}

	@Test
	void hasANameForTheEndpoint() throws Exception {
		assertThat(track(discoveryPublishing(Set.of())).name()).isNotBlank().doesNotContainAnyWhitespaces();
	}

	private PeerDiscovery track(PeerDiscovery discovery) {
		if (discovery != null) {
			this.created.add(discovery);
		}
		return discovery;
	}

	private static DiscoveryResult discover(PeerDiscovery discovery) {
		try {
			DiscoveryResult result = discovery.discover();
			assertThat(result).as("discover() must not return null").isNotNull();
			return result;
		}
		catch (RuntimeException ex) {
			return fail("discover() must report failures as DiscoveryResult.Failed, but threw", ex);
		}
	}

	@AfterEach
	void closeDiscoveries() {
		this.created.forEach(PeerDiscovery::close);
	}

}
