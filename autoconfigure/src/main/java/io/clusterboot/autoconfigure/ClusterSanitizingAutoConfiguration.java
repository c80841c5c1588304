package io.clusterboot.autoconfigure;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
		return new ClusterCookieSanitizingFunction(() -> cookie(environment));
	}

	private static String cookie(Environment environment) {
		try {
			return environment.getProperty("cluster.cookie");
		}
		catch (IllegalArgumentException ex) {
			// An unresolvable placeholder: there is no value to look for, and masking by key still works.
			return null;
		}
	}

}
