package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints the table and writes bench/RESULTS.md: the figures, the machine, the load, and how each was measured. */
final class Report {

	private Report() {
	}

	static void print(Results results) {
		System.out.println();
		System.out.printf("%-3s %-78s %-34s %-34s %-8s %s%n", "fig", "what", "ClusterBoot median (min–max, n)",
				"Erlang median (min–max, n)", "ratio", "goal");
		for (Row row : results.rows()) {
			System.out.printf("%-3s %-78s %-34s %-34s %-8s %s%n", row.figure(), truncate(row.what(), 78),
					row.clusterBoot(), row.erlangText(), row.ratio(),
					row.goal().isEmpty() ? "" : row.goal() + ": " + row.verdict().replace("*", ""));
		}
	}

	private static String truncate(String text, int width) {
		return (text.length() <= width) ? text : text.substring(0, width - 1) + "…";
	}

	static void write(Path file, Results results, List<String[]> machine, String load, String command, boolean longRun,
			Path findings) {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmark results\n\n");
		md.append("Written by `").append(command).append("` — do not edit by hand; the analysis at the end comes from ")
			.append("`bench/findings.md`. Every number is the median of the runs, with the smallest and largest in ")
			.append("parentheses and the number of runs (n). Times in milliseconds unless the row says otherwise. ")
			.append("The ratio is ClusterBoot's median over Erlang's (below 1: ClusterBoot is faster or smaller).\n\n");
		md.append("| fig | what | ClusterBoot | Erlang/OTP | ratio | goal | |\n|---|---|---|---|---|---|---|\n");
		for (Row row : results.rows()) {
			md.append("| ").append(row.figure()).append(" | ").append(row.what()).append(" | ").append(row.clusterBoot())
				.append(" | ").append(row.erlangText()).append(" | ").append(row.ratio()).append(" | ")
				.append(row.goal()).append(" | ").append(row.verdict()).append(" |\n");
		}
		if (!longRun) {
			md.append("\nThe 10-minute false-positive check runs only with `bench/run.sh --long`.\n");
		}
		if (!results.notes().isEmpty()) {
			md.append("\nObserved during the run:\n\n");
			for (String note : results.notes()) {
				md.append("- ").append(note).append('\n');
			}
		}
		md.append("\n## Machine\n\n");
		for (String[] fact : machine) {
			md.append("`").append(fact[0]).append("`:\n\n```\n").append(fact[1]).append("\n```\n\n");
		}
		md.append("Load: ").append(load).append(". The machine has 2 cores shared with other work; a load average ")
			.append("near or above 2 means the figures were taken on a busy machine and are noisy.\n\n");
		md.append(HOW);
		try {
			if (Files.exists(findings)) {
				md.append("\n").append(Files.readString(findings));
			}
			Files.writeString(file, md);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static final String HOW = """
			## How it was measured

			Everything runs on this machine over loopback only: ClusterBoot nodes on 127.0.1.x, Erlang nodes on
			127.0.2.x, in-JVM transports on 127.0.3.x. The harness's own epmd listens on 127.0.0.1 only (`epmd -address`,
			`ERL_EPMD_ADDRESS`, a port of its own), each Erlang node's distribution listener is bound to its own
			address (`-kernel inet_dist_use_interface`), and since epmd cannot listen on more than 16 addresses,
			nodes look each other up at 127.0.0.1 (`-epmd_module bench_epmd`: `erl_epmd` with the lookup address
			fixed, bench/erlang/bench_epmd.erl). The harness
			(`bench/harness`, started by `bench/run.sh`) drives both sides, reads the same event lines from both
			(`[bench] up NODE EPOCH_NANOS`, `[bench] down NODE EPOCH_NANOS REASON`), and takes every instant from
			the wall clock that all processes on the machine share (microsecond precision).

			- ClusterBoot processes are the unchanged sample-app jar (`java -Xmx192m -XX:TieredStopAtLevel=1
			  -XX:+UseSerialGC`, the flags the end-to-end tests use so that 20 JVMs fit 2 cores), started through
			  Spring Boot's `PropertiesLauncher` with `-Dloader.path=` this module's jar, which adds one
			  auto-configuration, active only with `--bench.gate=true`: static discovery over the same
			  `cluster.discovery.static.peers` that answers "nobody" until released, and a `ClusterListener` that
			  prints the events with nanosecond timestamps. Default `cluster.*` settings unless a row says otherwise.
			- Erlang nodes are `erl -noshell -name nK@127.0.2.K -setcookie … -kernel inet_dist_use_interface …`
			  running `bench/erlang/bench_node.erl`, which reports `net_kernel:monitor_nodes` events and executes
			  the harness's commands. Default kernel settings (so `connect_all` and global's transitive
			  connects are on) unless a row gives `net_ticktime`.
			- **1 Convergence**: all N nodes are started and ready first (listening; discovery lists everyone but
			  is held) and quiet (together under a tenth of a core over one second, so that the rest of their
			  start-up, JIT compilation and Spring's background initialisation, is not measured). The harness then releases all of them at one instant T, announced 300 ms ahead; at T every
			  node begins dialling all of its peers in parallel (ClusterBoot: a discovery round; Erlang:
			  `net_kernel:connect_node/1` per peer in parallel). The figure is T until the last node has seen its
			  N-1th peer up. Every run starts N fresh processes, so the first handshakes run on cold code, as they
			  do when a cluster starts.
			- **2 Handshake**: see the row. ClusterBoot's two warm nodes are two `Transport`s in the harness JVM
			  (after 500 warm-up dials); Erlang's are two warm nodes timing `net_kernel:connect_node/1` (which
			  includes its epmd lookup). Accept rate: 8 diallers dial one listener over and over for 2 s, one dial
			  in flight each, each connection closed as soon as it is up; ClusterBoot's diallers and listener are
			  transports in one JVM (2 listener I/O threads, the default) and the listener closes (so that TIME_WAIT
			  stays on its side; the diallers would run out of ports otherwise), Erlang's are 9 nodes and the
			  diallers disconnect. First handshake of a fresh process: ClusterBoot, two fresh sample-app processes
			  of which only one is released, from its gate's "discovered" line to its node-up; the diagnostic rows
			  run `FirstDial`, two bare transports in a fresh JVM, with and without the starter's warm-up before the
			  clock starts. Erlang: a fresh pair of nodes, the first `net_kernel:connect_node/1`.
			- **3 Failure detection**: a full mesh of 5 processes; one is sent SIGKILL (ClusterBoot: the JDK's
			  `destroyForcibly`, a direct kill(2); Erlang: the same) or SIGSTOP (`kill -STOP`), and the figure is the
			  time from just before the signal until the last of the other 4 reported it down. The victim is then
			  replaced and the mesh re-formed before the next run. Erlang's hung-node runs use 5 clusters at once.
			- **4 Start-up**: see the row; Spring Boot's "process running for", one process at a time. Class data
			  sharing: the sample jar extracted (`-Djarmode=tools extract`), one training run per archive (Java 17:
			  `-XX:ArchiveClassesAtExit`, a full start and a normal stop; Java 25: `-XX:AOTMode=record` then
			  `-XX:AOTMode=create`), then the four variants in rotating order, 5 rounds, the same flags.
			- **5 Idle cost**: /proc of each node after 10 s of settling, CPU over a 30 s window.
			- **6 Discovery cost**: see the rows.
			- **8 N=50**: as figure 1 with 50 nodes (Erlang 5 runs; ClusterBoot's 50 processes one run), then
			  figure 5's idle measurement of those 50 processes and of the last 50 Erlang nodes; the warm row is
			  figure 1's in-JVM diagnostic with 50 nodes.
			- **7 Messaging**: two warm processes per side on loopback. ClusterBoot: two JVMs running
			  `MessagingPeer` (`java -Xmx512m`, full JIT; the starter's defaults: 2 I/O threads, 4 listener threads,
			  frames authenticated with the per-connection MAC), one answering `bench.echo` with its payload and
			  counting `bench.sink` messages, the other driving. Erlang: a registered `gen_server` on one node,
			  `gen_server:call` and `!` from the other. The floor is a plain Java TCP ping-pong (blocking sockets,
			  TCP_NODELAY, 100 bytes each way) between the same two JVMs, timed by the same loop. Round trips are
			  one at a time, 10 000 per run after 20 000 warm-up; per run the p50 and the p99. One-way: 200 000
			  messages of 100 B (2 000 of 64 KiB) as fast as the sender is allowed (ClusterBoot's `send` refuses
			  with `saturated` when the connection's write buffer is full; the sender retries after 20 µs; Erlang's
			  sender is suspended by the busy distribution port), then one request the receiver answers after it
			  has handled them all, which stops the clock.
			""";

}
