package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

import io.clusterboot.autoconfigure.ClusterProperties.Discovery.Strategy;

/**
 * Warns at start-up of {@code cluster.*} settings that do nothing: a name no property has (with the
 * closest one that exists), and the settings of a discovery strategy that is not the one chosen. The
 * environment variables are left out: a machine's {@code CLUSTER_*} variables often belong to others.
 */
final class ClusterPropertyChecker implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(ClusterPropertyChecker.class);

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final Pattern INDEX = Pattern.compile("\\[[^]]*]");

	private static final Set<String> STRATEGY_SETTINGS = Set.of("local", "static", "file", "dns", "srv", "kubernetes", "spring-cloud");

	private final ConfigurableEnvironment environment;

	private final Strategy strategy;

	ClusterPropertyChecker(ConfigurableEnvironment environment, Strategy strategy) {
		this.environment = environment;
		this.strategy = strategy;
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			// Advice only: a check that cannot run must never stop the application.
			logger.debug("The cluster.* settings could not be checked", ex);
		}
	}

	private void check() {
		Set<String> known = knownNames();
		if (known.isEmpty()) {
			return;
		}
		for (String name : setNames()) {
			String property = INDEX.matcher(name).replaceAll("");
			if (!known.contains(property) && known.stream().noneMatch((k) -> property.startsWith(k + "."))) {
				logger.warn("The property {} does not exist and is ignored; did you mean {}?", name,
						closest(property, known));
				continue;
			}
			String group = strategyOf(property);
			if (group != null && !group.equals(selected())) {
				logger.warn("{} is set, but cluster.discovery.strategy is {}: it is ignored", name, selected());
			}
		}
	}

	private String selected() {
		return this.strategy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	private static String strategyOf(String property) {
		String prefix = "cluster.discovery.";
		if (!property.startsWith(prefix)) {
			return null;
		}
		String rest = property.substring(prefix.length());
		int dot = rest.indexOf('.');
		String group = (dot > 0) ? rest.substring(0, dot) : null;
		if (group == null || !STRATEGY_SETTINGS.contains(group)) {
			return null;
		}
		// dns.server, dns.timeout and dns.retries serve the srv strategy as well.
		return ("dns".equals(group) && !property.equals("cluster.discovery.dns.name")) ? null : group;
	}

	private Set<String> setNames() {
		Set<String> names = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			Object underlying = source.getUnderlyingSource();
			boolean environmentVariables = underlying instanceof org.springframework.core.env.PropertySource<?> ps
					&& StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(ps.getName());
			if (environmentVariables || !(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream()
				.map(ConfigurationPropertyName::toString)
				.filter((name) -> name.startsWith("cluster."))
				.forEach(names::add);
		}
		return names;
	}

	private static Set<String> knownNames() {
		return knownNames(ClusterPropertyChecker.class.getClassLoader());
	}

	// Our jar's metadata, not the first on the class path (which is another jar's whenever that jar is
	// listed first).
	static Set<String> knownNames(ClassLoader classLoader) {
		try {
			URL metadata = ownMetadata(classLoader);
			if (metadata == null) {
				return Set.of();
			}
			String json;
			try (InputStream in = metadata.openStream()) {
				json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Set<String> names = new TreeSet<>(MetadataPropertyNames.of(json));
			names.removeIf((name) -> !name.startsWith("cluster."));
			return names;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not read the configuration metadata; cluster.* names are not checked", ex);
			return Set.of();
		}
	}

	private static URL ownMetadata(ClassLoader classLoader) throws IOException {
		String self = ClusterPropertyChecker.class.getName().replace('.', '/') + ".class";
		URL selfUrl = classLoader.getResource(self);
		if (selfUrl == null) {
			return null;
		}
		String root = selfUrl.toString().substring(0, selfUrl.toString().length() - self.length());
		Enumeration<URL> candidates = classLoader.getResources(METADATA);
		while (candidates.hasMoreElements()) {
			URL candidate = candidates.nextElement();
			if (candidate.toString().equals(root + METADATA)) {
				return candidate;
			}
		}
		return null;
	}

	static String closest(String name, Set<String> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = distance(name, candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return best;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
