package io.clusterboot.actuate;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterCookieSanitizingFunctionTests {

	private static final String COOKIE = "s3cr3t-cookie-value";

	private final ClusterCookieSanitizingFunction function = new ClusterCookieSanitizingFunction(() -> List.of(COOKIE));

	@Test
	void masksTheCookieByKeyInEveryRelaxedSpelling() {
		for (String key : new String[] { "cluster.cookie", "CLUSTER_COOKIE", "cluster.Cookie", "Cluster.COOKIE" }) {
			// A value other than the cookie's text, so that only the key can cause the masking.
			assertThat(sanitize(key, "another-value")).as(key).isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
	}

	@Test
	void masksTheAcceptedCookiesByKeyAndByValue() {
		ClusterCookieSanitizingFunction function = new ClusterCookieSanitizingFunction(
				() -> List.of(COOKIE, "0ld-accepted-cookie-value"));
		for (String key : new String[] { "cluster.accepted-cookies", "cluster.accepted-cookies[0]",
				"cluster.acceptedCookies[1]", "CLUSTER_ACCEPTEDCOOKIES", "CLUSTER_ACCEPTEDCOOKIES_0_" }) {
			assertThat(function.apply(data(key, "another-value")).getValue()).as(key)
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
		assertThat(function.apply(data("sun.java.command", "app.jar --cluster.accepted-cookies=0ld-accepted-cookie-value"))
			.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(function.apply(data("cluster.accepted", "not-a-secret")).getValue()).isEqualTo("not-a-secret");
	}

	@Test
	void masksAnyValueThatContainsTheCookie() {
		assertThat(sanitize("sun.java.command", "app.jar --cluster.cookie=" + COOKIE))
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(sanitize("SPRING_APPLICATION_JSON", "{\"cluster\":{\"cookie\":\"" + COOKIE + "\"}}"))
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	@Test
	void masksTheCookieInEveryEscapedFormOfAJsonOrUrlValue() {
		// A cookie with every character that JSON or URL encoding changes: quote, backslash, slash,
		// space, plus, percent and non-ASCII.
		String cookie = "p\"q\\r/s t+u%v\u00e9w\u4e2dx-0123456789";
		ClusterCookieSanitizingFunction function = new ClusterCookieSanitizingFunction(() -> List.of(cookie));
		String jsonMinimal = "p\\\"q\\\\r/s t+u%v\u00e9w\u4e2dx-0123456789";
		String jsonSlash = "p\\\"q\\\\r\\/s t+u%v\u00e9w\u4e2dx-0123456789";
		String jsonAsciiLower = "p\\\"q\\\\r/s t+u%v\\u00e9w\\u4e2dx-0123456789";
		String jsonAsciiUpper = "p\\\"q\\\\r\\/s t+u%v\\u00E9w\\u4E2Dx-0123456789";
		String urlPlus = java.net.URLEncoder.encode(cookie, java.nio.charset.StandardCharsets.UTF_8);
		String urlPercent = urlPlus.replace("+", "%20");
		for (String form : new String[] { jsonMinimal, jsonSlash, jsonAsciiLower, jsonAsciiUpper, urlPlus,
				urlPercent }) {
			assertThat(form).as("the form differs from the cookie").doesNotContain(cookie);
			Object masked = function
				.apply(new SanitizableData(null, "SPRING_APPLICATION_JSON", "{\"cluster\":{\"cookie\":\"" + form + "\"}}"))
				.getValue();
			assertThat(masked).as(form).isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
	}

	@Test
	void leavesOtherPropertiesAlone() {
		assertThat(sanitize("cluster.cookie-file", "/run/secrets/cookie")).isEqualTo("/run/secrets/cookie");
		assertThat(sanitize("cluster.cookies", "x")).isEqualTo("x");
		assertThat(sanitize("app.cluster.cookie", "x")).isEqualTo("x");
		assertThat(sanitize("spring.application.name", "orders")).isEqualTo("orders");
		assertThat(sanitize("empty", null)).isNull();
	}

	@Test
	void withoutACookieOnlyTheKeyMatters() {
		ClusterCookieSanitizingFunction none = new ClusterCookieSanitizingFunction(List::of);
		assertThat(none.apply(new SanitizableData(null, "some.key", "value")).getValue()).isEqualTo("value");
		assertThat(none.apply(new SanitizableData(null, "CLUSTER_COOKIE", "value")).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	private static SanitizableData data(String key, Object value) {
		return new SanitizableData(null, key, value);
	}

	private Object sanitize(String key, Object value) {
		return this.function.apply(new SanitizableData(null, key, value)).getValue();
	}

}
