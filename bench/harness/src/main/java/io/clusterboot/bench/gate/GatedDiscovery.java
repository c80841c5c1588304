package io.clusterboot.bench.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

/**
 * Static discovery that answers "nobody" until the harness releases it, so that every node of a
 * convergence run is up before any of them dials, and all of them begin at one instant.
 * <p>
 * The harness writes {@code go <epochNanos>} on the process's standard input; the gate sleeps until
 * that wall-clock instant (the same clock in every process on this machine), then asks the node for a
 * discovery round at once. Convergence time is measured from that instant.
 */
final class GatedDiscovery implements PeerDiscovery {

	private final Set<PeerAddress> peers;

	private volatile boolean released;

	private volatile boolean reported;

	GatedDiscovery(Set<PeerAddress> peers) {
		this.peers = Set.copyOf(peers);
	}

	@Override
	public String name() {
		return "static";
	}

	@Override
	public DiscoveryResult discover() {
		if (this.released && !this.reported) {
			this.reported = true;
			System.out.println("[bench] discovered " + now());
		}
		return DiscoveryResult.found(this.released ? this.peers : Set.of());
	}

	@Override
	public void watch(Runnable changed) {
		Thread gate = new Thread(() -> awaitRelease(changed), "bench-gate");
		gate.setDaemon(true);
		gate.start();
	}

	private void awaitRelease(Runnable changed) {
		try {
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
			String line;
			while ((line = in.readLine()) != null) {
				if (line.startsWith("go ")) {
					sleepUntil(Long.parseLong(line.substring(3).trim()));
					this.released = true;
					System.out.println("[bench] released " + now());
					changed.run();
					return;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			System.out.println("[bench] gate failed: " + ex);
		}
	}

	// parkNanos wakes up to ~0.1 ms late; the last stretch spins so every node starts within a few µs.
	static void sleepUntil(long epochNanos) {
		while (true) {
			long left = epochNanos - now();
			if (left <= 0) {
				return;
			}
			if (left > 200_000) {
				LockSupport.parkNanos(left - 200_000);
			}
			else {
				Thread.onSpinWait();
			}
		}
	}

	static long now() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

}
