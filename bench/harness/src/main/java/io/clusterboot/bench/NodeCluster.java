package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * N node processes that the harness releases at one instant and watches through their events. The
 * ClusterBoot and the Erlang side are both one of these, so every figure measures both the same way.
 */
abstract class NodeCluster implements AutoCloseable {

	static final long READY_TIMEOUT_SECONDS = 240;

	static final double QUIET_CORES = 0.1;

	private final int size;

	private final List<NodeProcess> nodes = new ArrayList<>();

	NodeCluster(int size) {
		this.size = size;
	}

	/** Starts node {@code index}; does not wait for it. */
	abstract NodeProcess launch(int index);

	/** The node name of node {@code index}, as its peers' events name it. */
	abstract String name(int index);

	/** A plain TCP connection to node {@code index}'s listener that notices when it closes. */
	abstract CloseWatch closeWatch(int index) throws java.io.IOException;

	/** The line that releases node {@code index} at {@code epochNanos}. */
	abstract String goLine(long epochNanos, int index);

	int size() {
		return this.size;
	}

	/** User plus system CPU time of all nodes so far, in seconds. */
	double cpuSeconds() {
		long ticks = 0;
		for (NodeProcess node : this.nodes) {
			ticks += Proc.cpuTicks(node.pid());
		}
		return ticks / Proc.TICKS_PER_SECOND;
	}

	/** CPU ticks so far of every live thread of every node, keyed by process and thread id. */
	java.util.Map<String, Proc.ThreadTicks> cpuTicksByThread() {
		java.util.Map<String, Proc.ThreadTicks> threads = new java.util.HashMap<>();
		for (NodeProcess node : this.nodes) {
			Proc.cpuTicksByThread(node.pid()).forEach((tid, ticks) -> threads.put(node.pid() + "/" + tid, ticks));
		}
		return threads;
	}

	List<NodeProcess> nodes() {
		return this.nodes;
	}

	NodeProcess node(int index) {
		return this.nodes.get(index);
	}

	/**
	 * Starts every node at once and waits until all are ready (listening, but dialling nobody) and
	 * quiet: together using less than a tenth of a core, so that what follows is not measured
	 * against the rest of their start-up.
	 */
	NodeCluster start() {
		for (int i = 0; i < this.size; i++) {
			this.nodes.add(launch(i));
		}
		for (NodeProcess node : this.nodes) {
			node.awaitReady(READY_TIMEOUT_SECONDS);
		}
		awaitQuiet();
		return this;
	}

	/** Waits (at most 60 s) until the nodes together use less than a tenth of a core. */
	void awaitQuiet() {
		double waited = Proc.awaitQuiet(this.nodes, QUIET_CORES, 60);
		if (waited > 1.5) {
			System.out.printf("    (waited %.0f s for %d quiet nodes)%n", waited, this.size);
		}
	}

	/**
	 * Tells every node to begin dialling its peers at one instant, a little ahead so that every
	 * command has arrived by then.
	 * @return the instant
	 */
	long release() {
		long at = Clock.now() + 300_000_000L;
		for (int i = 0; i < this.size; i++) {
			this.nodes.get(i).send(goLine(at, i));
		}
		return at;
	}

	Set<String> peersOf(int index) {
		Set<String> peers = new LinkedHashSet<>();
		for (int i = 0; i < this.size; i++) {
			if (i != index) {
				peers.add(name(i));
			}
		}
		return peers;
	}

	/**
	 * Waits until every node is connected to all others.
	 * @return milliseconds from {@code from} until the last node got there
	 */
	double awaitMesh(long from, long timeoutSeconds) {
		long last = from;
		for (int i = 0; i < this.size; i++) {
			Set<String> peers = peersOf(i);
			NodeProcess node = this.nodes.get(i);
			node.await("a connection to all " + peers.size() + " peers", timeoutSeconds,
					() -> node.connectedToAll(peers, from).isPresent());
			last = Math.max(last, node.connectedToAll(peers, from).getAsLong());
		}
		return Clock.millis(last - from);
	}

	/**
	 * Waits until every other node saw node {@code victim} go down after {@code from}.
	 * @return milliseconds from {@code from} until the last of them did
	 */
	double awaitDown(int victim, long from, long timeoutSeconds) {
		String name = name(victim);
		long last = from;
		for (int i = 0; i < this.size; i++) {
			if (i == victim) {
				continue;
			}
			NodeProcess node = this.nodes.get(i);
			node.await(name + " down", timeoutSeconds, () -> node.downAfter(name, from).isPresent());
			last = Math.max(last, node.downAfter(name, from).getAsLong());
		}
		return Clock.millis(last - from);
	}

	/** Replaces node {@code index} (killed or stopped before) by a new process and waits for the full mesh. */
	void restart(int index) {
		this.nodes.get(index).destroyNow();
		// The peers keep redialling the old address, so they may reach the new process before it is ready.
		long at = Clock.now();
		NodeProcess node = launch(index);
		this.nodes.set(index, node);
		node.awaitReady(READY_TIMEOUT_SECONDS);
		node.send(goLine(Clock.now(), index));
		node.await("the mesh after a restart", 60, () -> node.connectedToAll(peersOf(index), at).isPresent());
		String name = name(index);
		for (NodeProcess other : this.nodes) {
			if (other != node) {
				other.await(name + " up again", 60, () -> upAfter(other, name, at));
			}
		}
	}

	private static boolean upAfter(NodeProcess node, String peer, long from) {
		for (Event event : node.events()) {
			if (event.up() && event.peer().equals(peer) && event.epochNanos() >= from) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		NodeProcess.closeAll(this.nodes);
	}

}
