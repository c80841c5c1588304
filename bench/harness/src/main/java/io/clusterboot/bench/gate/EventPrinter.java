package io.clusterboot.bench.gate;

import io.clusterboot.ClusterListener;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeUpEvent;

/**
 * Prints membership events with wall-clock nanoseconds (microsecond precision on Linux), which the
 * harness compares with the instants at which it released the gate or killed a process. The log
 * lines the sample app prints carry only milliseconds.
 */
final class EventPrinter implements ClusterListener {

	@Override
	public void nodeUp(NodeUpEvent event) {
		System.out.println("[bench] up " + event.member().name() + " " + GatedDiscovery.now());
	}

	@Override
	public void nodeDown(NodeDownEvent event) {
		System.out.println("[bench] down " + event.member().name() + " " + GatedDiscovery.now() + " " + event.reason());
	}

}
