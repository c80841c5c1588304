package io.clusterboot.internal;

/**
 * Text that came from the network, made safe to put in a log line or an exception message.
 */
public final class Untrusted {

	private static final int MAX_SHOWN = 80;

	private Untrusted() {
	}

	/**
	 * Cuts the text to a few dozen characters and replaces control characters (a newline would
	 * forge a log line) with {@code ?}.
	 * @param text the text
	 * @return the printable text
	 */
	public static String printable(String text) {
		return printable(text, MAX_SHOWN);
	}

	/**
	 * As {@link #printable(String)}, keeping more of a longer text.
	 * @param text the text
	 * @param maxShown how many characters to keep
	 * @return the printable text
	 */
	public static String printable(String text, int maxShown) {
		String cut = (text.length() > maxShown) ? text.substring(0, maxShown) + "…" : text;
		StringBuilder out = new StringBuilder(cut.length());
		cut.codePoints()
			.forEach((c) -> out.append((Character.isISOControl(c) || c == 0x2028 || c == 0x2029) ? "?"
					: Character.toString(c)));
		return out.toString();
	}

}
