package io.clusterboot.bench;

/** A benchmarked process ended while the harness was waiting for it. */
final class ProcessExitedException extends IllegalStateException {

	ProcessExitedException(String message) {
		super(message);
	}

}
