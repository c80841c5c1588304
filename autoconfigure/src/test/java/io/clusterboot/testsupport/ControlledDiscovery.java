package io.clusterboot.testsupport;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

/**
 * A discovery strategy whose answer the test decides and changes while the node runs: it finds
 * nothing until told otherwise, then whatever it was last told (a set of peers, a failure, or an
 * answer computed each round, which may throw). It counts the rounds that asked it.
 */
public final class ControlledDiscovery implements PeerDiscovery {

	private final String name;

	private final AtomicInteger rounds = new AtomicInteger();

	private volatile Supplier<DiscoveryResult> answer = () -> DiscoveryResult.found(Set.of());

	public ControlledDiscovery(String name) {
		this.name = name;
	}

	/** Finds these peers from the next round on. */
	public ControlledDiscovery find(Set<PeerAddress> peers) {
		Set<PeerAddress> copy = Set.copyOf(peers);
		return answer(() -> DiscoveryResult.found(copy));
	}

	/** Fails with this error from the next round on. */
	public ControlledDiscovery fail(String error) {
		return answer(() -> DiscoveryResult.failed(error));
	}

	/** Answers each round from now on with what this gives (or throws). */
	public ControlledDiscovery answer(Supplier<DiscoveryResult> answer) {
		this.answer = answer;
		return this;
	}

	/** How many rounds asked this strategy so far. */
	public int rounds() {
		return this.rounds.get();
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public DiscoveryResult discover() {
		this.rounds.incrementAndGet();
		return this.answer.get();
	}

}
