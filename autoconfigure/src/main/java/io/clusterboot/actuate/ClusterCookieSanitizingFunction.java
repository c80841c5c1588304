package io.clusterboot.actuate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Masks the cluster cookie in {@code /actuator/env} and {@code /actuator/configprops}, even with
 * {@code show-values=always}: by key, in any of its relaxed forms ({@code cluster.cookie},
 * {@code CLUSTER_COOKIE}, …), and by value, wherever the cookie's text appears inside another value
 * (the {@code sun.java.command} of {@code java -jar app.jar --cluster.cookie=…}, or
 * {@code SPRING_APPLICATION_JSON}), also where the value holds it JSON-escaped ({@code \"},
 * {@code \\}, {@code \/}, {@code \u00e9}) or URL-encoded. The cookies of
 * {@code cluster.accepted-cookies} are masked the same way.
 */
public final class ClusterCookieSanitizingFunction implements SanitizingFunction {

	private static final ConfigurationPropertyName COOKIE = ConfigurationPropertyName.of("cluster.cookie");

	private static final ConfigurationPropertyName ACCEPTED = ConfigurationPropertyName.of("cluster.accepted-cookies");

	private final Supplier<List<String>> cookies;

	/**
	 * Creates the function.
	 * @param cookies supplies the text of every configured cookie (cluster.cookie and
	 * cluster.accepted-cookies), empty when none is configured; asked on each use, so that this bean
	 * holds no copy of a secret
	 */
	public ClusterCookieSanitizingFunction(Supplier<List<String>> cookies) {
		this.cookies = cookies;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		if (isCookieKey(data.getKey()) || containsCookie(data.getValue())) {
			return data.withSanitizedValue();
		}
		return data;
	}

	private static boolean isCookieKey(String key) {
		// Property sources keep their own spelling: application.yaml says cluster.cookie, the
		// environment says CLUSTER_COOKIE; both name the same property.
		return isCookieKey(ConfigurationPropertyName.adapt(key, '.'))
				|| isCookieKey(ConfigurationPropertyName.adapt(key, '_'));
	}

	private static boolean isCookieKey(ConfigurationPropertyName name) {
		return COOKIE.equals(name) || ACCEPTED.equals(name) || ACCEPTED.isAncestorOf(name);
	}

	private boolean containsCookie(@Nullable Object value) {
		if (value == null) {
			return false;
		}
		String text = value.toString();
		for (String secret : this.cookies.get()) {
			if (secret == null || secret.isBlank()) {
				continue;
			}
			String cookie = secret.strip();
			if (text.contains(cookie) || jsonUnescaped(text).contains(cookie) || urlDecoded(text).contains(cookie)) {
				return true;
			}
		}
		return false;
	}

	// Undoing the escapes of the value, rather than escaping the cookie, covers every spelling a JSON
	// writer may choose (escaped or raw '/', upper- or lower-case hex, raw or escaped non-ASCII).
	static String jsonUnescaped(String text) {
		if (text.indexOf('\\') < 0) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != '\\' || i + 1 >= text.length()) {
				out.append(c);
				continue;
			}
			char next = text.charAt(++i);
			switch (next) {
				case 'n' -> out.append('\n');
				case 't' -> out.append('\t');
				case 'r' -> out.append('\r');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'u' -> {
					if (i + 4 < text.length() && isHex(text, i + 1, i + 5)) {
						out.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
						i += 4;
					}
					else {
						out.append('\\').append(next);
					}
				}
				default -> out.append(next); // \" \\ \/ and anything else stand for themselves
			}
		}
		return out.toString();
	}

	private static boolean isHex(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (Character.digit(text.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}

	static String urlDecoded(String text) {
		if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
			return text;
		}
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text; // not URL-encoded after all (a lone '%')
		}
	}

}
