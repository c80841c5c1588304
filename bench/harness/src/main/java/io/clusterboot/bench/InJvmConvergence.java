package io.clusterboot.bench;

import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.clusterboot.ClusterListener;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.NodeUpEvent;
import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.TransportSettings;

/**
 * Figure 1, diagnostic rows: the same convergence measurement with all N nodes in the harness's JVM
 * (each its own {@link ClusterNode} with default settings on 127.0.4.x), after warm-up rounds, so
 * that the code is compiled and nothing else competes: what the protocol costs once the JVM is
 * warm, to set against the process figures, where N fresh JVMs warm up on 2 shared cores at once.
 */
final class InJvmConvergence {

	static final int WARMUP_ROUNDS = 10;

	private static final int PORT = 27570;

	private static final Cookie COOKIE = Cookie.of(SampleCluster.COOKIE);

	private InJvmConvergence() {
	}

	static Stats measure(int n, int runs) {
		for (int i = 0; i < WARMUP_ROUNDS; i++) {
			round(n);
		}
		return Runs.repeat(runs, "ClusterBoot in one JVM N=" + n, (run) -> round(n));
	}

	private static double round(int n) {
		Set<PeerAddress> everyone = new HashSet<>();
		for (int i = 0; i < n; i++) {
			everyone.add(new PeerAddress(host(i), PORT));
		}
		List<ClusterNode> nodes = new ArrayList<>();
		List<Gate> gates = new ArrayList<>();
		long[] meshed = new long[n];
		CountDownLatch done = new CountDownLatch(n);
		try {
			for (int i = 0; i < n; i++) {
				Gate gate = new Gate(everyone);
				ClusterNode node = new ClusterNode(settings(host(i)), COOKIE, gate);
				node.addListener(new MeshWatch(n - 1, meshed, i, done));
				node.start();
				nodes.add(node);
				gates.add(gate);
			}
			Clock.sleep(200);
			long start = System.nanoTime();
			gates.forEach(Gate::release);
			if (!done.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("No full mesh of " + n + " in-JVM nodes within 60 s");
			}
			long last = 0;
			for (long at : meshed) {
				last = Math.max(last, at);
			}
			return Clock.millis(last - start);
		}
		catch (BindException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			nodes.forEach(ClusterNode::close);
		}
	}

	private static String host(int index) {
		return "127.0.4." + (index + 1);
	}

	// cluster.* defaults, as the sample processes have them.
	private static ClusterSettings settings(String host) {
		return new ClusterSettings("node", host, false,
				new TransportSettings(host, PORT, PORT, 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1),
						Duration.ofSeconds(5), 64, 8, 2),
				Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(30));
	}

	/** Static discovery held until released, as in the processes. */
	private static final class Gate implements PeerDiscovery {

		private final Set<PeerAddress> peers;

		private volatile boolean released;

		private volatile Runnable changed;

		Gate(Set<PeerAddress> peers) {
			this.peers = peers;
		}

		@Override
		public String name() {
			return "static";
		}

		@Override
		public DiscoveryResult discover() {
			return DiscoveryResult.found(this.released ? this.peers : Set.of());
		}

		@Override
		public void watch(Runnable changed) {
			this.changed = changed;
		}

		void release() {
			this.released = true;
			this.changed.run();
		}

	}

	/** Notes when one node first sees all its peers connected. */
	private static final class MeshWatch implements ClusterListener {

		private final int peers;

		private final long[] meshed;

		private final int index;

		private final CountDownLatch done;

		private final Set<NodeName> connected = new HashSet<>();

		MeshWatch(int peers, long[] meshed, int index, CountDownLatch done) {
			this.peers = peers;
			this.meshed = meshed;
			this.index = index;
			this.done = done;
		}

		@Override
		public void nodeUp(NodeUpEvent event) {
			this.connected.add(event.member().name());
			if (this.connected.size() == this.peers && this.meshed[this.index] == 0) {
				this.meshed[this.index] = System.nanoTime();
				this.done.countDown();
			}
		}

		@Override
		public void nodeDown(NodeDownEvent event) {
			this.connected.remove(event.member().name());
		}

	}

}
