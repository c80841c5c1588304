package io.clusterboot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.clusterboot.actuate.ClusterCookieSanitizingFunction;

/**
 * Masks the cluster cookie in {@code /actuator/env} and {@code /actuator/configprops}. Not tied to
 * {@code cluster.enabled}: a cookie set for a disabled cluster is still a secret.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class ClusterSanitizingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterCookieSanitizingFunction clusterCookieSanitizingFunction(Environment environment) {
		return new ClusterCookieSanitizingFunction(() -> cookies(environment));
	}

	private static List<String> cookies(Environment environment) {
		List<String> cookies = new ArrayList<>();
		try {
			String cookie = environment.getProperty("cluster.cookie");
			if (cookie != null) {
				cookies.add(cookie);
			}
			Binder.get(environment)
				.bind("cluster.accepted-cookies", Bindable.listOf(String.class))
				.ifBound(cookies::addAll);
		}
		catch (RuntimeException ex) {
			// An unresolvable placeholder: there is no value to look for, and masking by key still works.
		}
		return cookies;
	}

}
