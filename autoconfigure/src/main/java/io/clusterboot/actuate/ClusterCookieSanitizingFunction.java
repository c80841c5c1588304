package io.clusterboot.actuate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * {@code \\}, {@code \/}, {@code \u00e9}) or URL-encoded.
 */
public final class ClusterCookieSanitizingFunction implements SanitizingFunction {

	private static final ConfigurationPropertyName COOKIE = ConfigurationPropertyName.of("cluster.cookie");

	private final Supplier<@Nullable String> cookie;

	/**
	 * Creates the function.
	 * @param cookie supplies the configured cookie's text, or {@code null} when none is configured; asked
	 * on each use, so that this bean holds no copy of the secret
	 */
	public ClusterCookieSanitizingFunction(Supplier<@Nullable String> cookie) {
		this.cookie = cookie;
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
		return COOKIE.equals(ConfigurationPropertyName.adapt(key, '.'))
				|| COOKIE.equals(ConfigurationPropertyName.adapt(key, '_'));
	}

	private boolean containsCookie(@Nullable Object value) {
		if (value == null) {
			return false;
		}
		String secret = this.cookie.get();
		if (secret == null || secret.isBlank()) {
			return false;
		}
		String cookie = secret.strip();
		String text = value.toString();
		return text.contains(cookie) || jsonUnescaped(text).contains(cookie) || urlDecoded(text).contains(cookie);
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
