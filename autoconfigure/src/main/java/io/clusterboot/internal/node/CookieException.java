package io.clusterboot.internal.node;

/**
 * The cookie could not be obtained: none is configured, or the configured file is unusable. Messages
 * name the property or file to fix and never contain the cookie.
 */
public class CookieException extends RuntimeException {

	private final boolean missing;

	private final String action;

	public CookieException(String message, boolean missing) {
		this(message, missing, null);
	}

	/**
	 * Creates an exception.
	 * @param message what is wrong
	 * @param missing whether no cookie was configured at all
	 * @param action what to do about it, or {@code null} for the generic advice
	 */
	public CookieException(String message, boolean missing, String action) {
		super(message);
		this.missing = missing;
		this.action = action;
	}

	public CookieException(String message, Throwable cause) {
		super(message, cause);
		this.missing = false;
		this.action = null;
	}

	/**
	 * What to do about it, when there is more to say than "fix the file or the property".
	 * @return the advice, or {@code null}
	 */
	public String action() {
		return this.action;
	}

	/**
	 * Whether no cookie was configured at all (as opposed to a configured one being unusable).
	 * @return {@code true} if the cookie is missing
	 */
	public boolean isMissing() {
		return this.missing;
	}

}
