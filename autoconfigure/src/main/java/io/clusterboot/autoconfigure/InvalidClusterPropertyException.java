package io.clusterboot.autoconfigure;

/**
 * A {@code cluster.*} property has a value that cannot work. Reported at start-up by
 * {@link InvalidClusterPropertyFailureAnalyzer}, naming the property.
 */
public class InvalidClusterPropertyException extends RuntimeException {

	private final String property;

	private final String action;

	public InvalidClusterPropertyException(String property, String problem, String action) {
		this(property, problem, action, null);
	}

	public InvalidClusterPropertyException(String property, String problem, String action, Throwable cause) {
		super(property + ": " + problem, cause);
		this.property = property;
		this.action = action;
	}

	/** The property to fix, e.g. {@code cluster.transport.port}. */
	public String getProperty() {
		return this.property;
	}

	/** What to do about it. */
	public String getAction() {
		return this.action;
	}

}
