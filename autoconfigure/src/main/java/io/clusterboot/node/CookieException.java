package io.clusterboot.node;

/**
 * The cookie could not be obtained: none is configured, or the configured file is unusable. Messages
 * name the property or file to fix and never contain the cookie.
 */
public class CookieException extends RuntimeException {

	private final boolean missing;

	public CookieException(String message, boolean missing) {
		super(message);
		this.missing = missing;
	}

	public CookieException(String message, Throwable cause) {
		super(message, cause);
		this.missing = false;
	}

	/**
	 * Whether no cookie was configured at all (as opposed to a configured one being unusable).
	 * @return {@code true} if the cookie is missing
	 */
	public boolean isMissing() {
		return this.missing;
	}

}
