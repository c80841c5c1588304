package io.clusterboot.internal.discovery.kubernetes;

/**
 * A response from the Kubernetes API is not the JSON it should be.
 */
final class MalformedObjectException extends RuntimeException {

	MalformedObjectException(String message) {
		super(message);
	}

	MalformedObjectException(String message, Throwable cause) {
		super(message, cause);
	}

}
