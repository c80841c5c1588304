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
		// The last field is when the membership thread took the connection's close in (the member's
		// "since"), so that the harness can tell the hand-offs before it from those after it.
		java.time.Instant detected = event.member().since();
		System.out.println("[bench] down " + event.member().name() + " " + GatedDiscovery.now() + " " + event.reason() + " "
				+ (detected.getEpochSecond() * 1_000_000_000L + detected.getNano()));
	}

}
