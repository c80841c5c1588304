package io.clusterboot.actuate;

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
 * {@code SPRING_APPLICATION_JSON}).
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
		return value.toString().contains(secret.strip());
	}

}
