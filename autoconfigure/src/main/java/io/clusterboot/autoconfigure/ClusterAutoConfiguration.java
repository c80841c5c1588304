package io.clusterboot.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import io.clusterboot.Cluster;
import io.clusterboot.ClusterListener;
import io.clusterboot.autoconfigure.ClusterProperties.Discovery.Strategy;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.Cookies;
import io.clusterboot.internal.node.CookieException;
import io.clusterboot.internal.node.CookieLoader;
import io.clusterboot.internal.node.NodeHostResolver;
import io.clusterboot.internal.transport.tls.TransportTls;

/**
 * Joins the application to a cluster: resolves the node name and the cookie, starts the node with
 * the discovery strategy chosen by {@code cluster.discovery.strategy} (or the application's own
 * {@link PeerDiscovery} bean), and republishes membership changes as application events.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "cluster.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClusterProperties.class)
@Import(DiscoveryConfiguration.class)
public final class ClusterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterSettings clusterSettings(ClusterProperties properties, Environment environment,
			ListableBeanFactory beanFactory, ObjectProvider<SslBundles> sslBundles) {
		boolean local = ClusterSettingsFactory.isLocalMode(properties.getDiscovery().getStrategy(),
				DiscoveryConfiguration.hasCustomDiscovery(beanFactory));
		ClusterSettings settings = new ClusterSettingsFactory(new NodeHostResolver()).create(properties,
				environment.getProperty("spring.application.name"), local);
		TransportTls tls = ClusterTlsFactory.create(properties.getTransport().getSsl(), sslBundles.getIfAvailable());
		return (tls != null) ? settings.withTransport(settings.transport().withTls(tls)) : settings;
	}

	@Bean
	ClusterPropertyChecker clusterPropertyChecker(org.springframework.core.env.ConfigurableEnvironment environment,
			ClusterProperties properties) {
		return new ClusterPropertyChecker(environment, properties.getDiscovery().getStrategy());
	}

	@Bean
	@ConditionalOnMissingBean
	Cookie clusterCookie(ClusterProperties properties, ListableBeanFactory beanFactory) {
		boolean custom = DiscoveryConfiguration.hasCustomDiscovery(beanFactory);
		Strategy strategy = custom ? Strategy.CUSTOM : properties.getDiscovery().getStrategy();
		try {
			return new CookieLoader().load(properties.getCookie(), properties.getCookieFile(),
					ClusterSettingsFactory.isLocalMode(strategy, custom));
		}
		catch (CookieException ex) {
			if (ex.isMissing()) {
				String who = custom ? "The application's own PeerDiscovery bean (the 'custom' discovery strategy)"
						: "The '" + strategy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "' discovery strategy";
				throw new CookieException(who + " connects nodes across hosts, so neither cluster.cookie nor "
						+ "cluster.cookie-file may be left unset (only the 'local' strategy generates a cookie)", true);
			}
			throw ex;
		}
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(Cluster.class)
	ClusterNode clusterNode(ClusterSettings settings, Cookie cookie, PeerDiscovery discovery,
			ObjectProvider<ClusterListener> listeners, ApplicationEventPublisher publisher,
			ClusterProperties properties) {
		ClusterNode node = new ClusterNode(settings,
				new Cookies(cookie, new CookieLoader().loadAccepted(properties.getAcceptedCookies())), discovery);
		node.addListener(new ClusterEventPublisher(publisher));
		listeners.orderedStream().forEach(node::addListener);
		if (properties.isAutoStartup()) {
			// Bound now, so that a name that carries the listener's port is known to whoever injects it.
			ClusterLifecycle.bind(node, portProperty(settings));
		}
		return node;
	}

	private static String portProperty(ClusterSettings settings) {
		return settings.portInName() ? "cluster.discovery.local.port-range" : "cluster.transport.port";
	}

	@Bean
	@ConditionalOnBean(ClusterNode.class)
	@ConditionalOnMissingBean
	ClusterLifecycle clusterLifecycle(ClusterNode node, ClusterSettings settings, ClusterProperties properties) {
		return new ClusterLifecycle(node, portProperty(settings), properties.isAutoStartup());
	}

	static Set<PeerAddress> parsePeers(Iterable<String> peers, String property, int defaultPort) {
		Set<PeerAddress> result = new LinkedHashSet<>();
		for (String peer : peers) {
			if (peer == null || peer.isBlank()) {
				continue;
			}
			try {
				result.add(PeerAddress.parse(peer, defaultPort));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidClusterPropertyException(property, ex.getMessage(),
						"List peers as host:port, separated by commas, e.g. 10.0.0.5:4370,10.0.0.6:4370.");
			}
		}
		return result;
	}

}
