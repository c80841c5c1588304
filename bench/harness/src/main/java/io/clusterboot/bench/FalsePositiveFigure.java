package io.clusterboot.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Figure 3's false-positive check ({@code --long}): 5 sample-app processes with default settings in a
 * full mesh sit idle for 10 minutes (sharing the machine with whatever else runs on it); every
 * node-down event in that time is spurious, since no node stops.
 */
final class FalsePositiveFigure {

	static final long IDLE_MINUTES = 10;

	private final Env env;

	FalsePositiveFigure(Env env) {
		this.env = env;
	}

	void run(Results results) {
		System.out.println("Figure 3: false positives, " + IDLE_MINUTES + " idle minutes with 5 nodes");
		try (SampleCluster cluster = new SampleCluster(this.env, "idle10min", 5, 1, List.of())) {
			cluster.start();
			cluster.awaitMesh(cluster.release(), 120);
			long from = Clock.now();
			Clock.sleep(IDLE_MINUTES * 60_000);
			List<Event> downs = new ArrayList<>();
			for (NodeProcess node : cluster.nodes()) {
				downs.addAll(node.downsAfter(from));
			}
			for (Event down : downs) {
				System.out.println("    spurious: " + down);
			}
			results.add(new Row("3", "Spurious node-down events in " + IDLE_MINUTES + " idle minutes (5 nodes, 20 links, "
					+ "defaults)", Row.Result.note(Integer.toString(downs.size())), null, "0",
					Results.verdict(downs.isEmpty())));
		}
		catch (RuntimeException ex) {
			results.add(new Row("3", "Spurious node-down events", Row.Result.note("failed: " + ex.getMessage()), null,
					"0", ""));
		}
	}

}
