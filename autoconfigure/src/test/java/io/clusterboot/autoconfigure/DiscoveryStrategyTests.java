package io.clusterboot.autoconfigure;

import java.util.Set;
import java.util.TreeSet;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.cloud.kubernetes.client.KubernetesClientUtils;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.internal.discovery.FilePeerDiscovery;
import io.clusterboot.internal.discovery.LocalPeerDiscovery;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.discovery.dns.DnsPeerDiscovery;
import io.clusterboot.internal.discovery.dns.SrvPeerDiscovery;
import io.clusterboot.internal.discovery.kubernetes.KubernetesPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster.discovery.strategy} is one run-time decision over the bound enum: every value gets its
 * {@link PeerDiscovery} from one bean definition, and an application's own {@link PeerDiscovery} is
 * the {@code custom} strategy, with the normal transport settings rather than local mode.
 */
class DiscoveryStrategyTests {

	private static final String COOKIE = "discovery-strategy-test-cookie-7c1e";

	// Nothing here reaches beyond loopback: a DNS server and a Kubernetes API on 127.0.0.1 where nobody
	// listens, static peers on 127.0.0.x.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "cluster.cookie=" + COOKIE,
				"cluster.discovery.local.port-range=" + TestNodes.freePort(), "cluster.node.host=127.0.0.1",
				"cluster.transport.port=" + TestNodes.freePort(),
				"cluster.discovery.dns.server=127.0.0.1:" + TestNodes.freePort(),
				"cluster.discovery.dns.name=peers.example", "cluster.discovery.srv.name=_cluster._tcp.peers.example",
				"cluster.discovery.static.peers=127.0.0.3:4370", "cluster.discovery.file.path=target/no-such-hosts-file",
				"cluster.discovery.kubernetes.namespace=shop",
				"cluster.discovery.kubernetes.service-name=orders-headless", "cluster.discovery.kubernetes.watch=false")
		.withBean(ApiClient.class,
				() -> new ClientBuilder().setBasePath("http://127.0.0.1:" + TestNodes.freePort()).build());

	@Test
	void eachStrategyValuePicksItsDiscovery() {
		assertPicks("local", LocalPeerDiscovery.class);
		assertPicks("static", StaticPeerDiscovery.class);
		assertPicks("file", FilePeerDiscovery.class);
		assertPicks("dns", DnsPeerDiscovery.class);
		assertPicks("srv", SrvPeerDiscovery.class);
		assertPicks("kubernetes", KubernetesPeerDiscovery.class);
	}

	@Test
	void onlyTheLocalStrategyRunsInLocalMode() {
		int port = TestNodes.freePort();
		this.runner.withPropertyValues("cluster.discovery.strategy=static", "cluster.transport.port=" + port)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClusterSettings settings = context.getBean(ClusterSettings.class);
				assertThat(settings.portInName()).isFalse();
				assertThat(settings.transport().firstPort()).isEqualTo(port);
			});
	}

	@Test
	void aUserDiscoveryBeanWinsAndIsNotRunInLocalMode() {
		int port = TestNodes.freePort();
		// No strategy set: the default is local, but the application's own discovery makes it custom.
		this.runner.withPropertyValues("cluster.node.host=127.0.0.2", "cluster.transport.port=" + port)
			.withBean("myDiscovery", PeerDiscovery.class, MyDiscovery::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PeerDiscovery.class)).isInstanceOf(MyDiscovery.class);
				ClusterSettings settings = context.getBean(ClusterSettings.class);
				assertThat(settings.portInName()).isFalse();
				assertThat(settings.host()).isEqualTo("127.0.0.2");
				assertThat(settings.transport().firstPort()).isEqualTo(port);
				assertThat(settings.transport().lastPort()).isEqualTo(port);
				assertThat(settings.transport().bindAddress()).isEqualTo("127.0.0.2");
				assertThat(context.getBean(ClusterNode.class).self().toString()).isEqualTo("orders@127.0.0.2");
			});
	}

	@Test
	void aUserDiscoveryBeanNeedsACookieLikeEveryStrategyThatCrossesHosts() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
			.withPropertyValues("spring.application.name=orders", "cluster.node.host=127.0.0.2",
					"cluster.transport.port=" + TestNodes.freePort())
			.withBean("myDiscovery", PeerDiscovery.class, MyDiscovery::new)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ClusterCookieFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("PeerDiscovery").contains("'custom'");
				assertThat(analysis.getAction()).contains("cluster.cookie");
			});
	}

	@Test
	void theCustomStrategyWithABeanUsesIt() {
		this.runner.withPropertyValues("cluster.discovery.strategy=custom")
			.withBean("myDiscovery", PeerDiscovery.class, MyDiscovery::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PeerDiscovery.class)).isInstanceOf(MyDiscovery.class);
				assertThat(context.getBean(ClusterSettings.class).portInName()).isFalse();
			});
	}

	@Test
	void theCustomStrategyWithoutABeanFailsSayingWhatToDefine() {
		this.runner.withPropertyValues("cluster.discovery.strategy=custom").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("cluster.discovery.strategy").contains("'custom'");
			assertThat(analysis.getAction()).contains("io.clusterboot.discovery.PeerDiscovery");
		});
	}

	@Test
	void theFileStrategyWithoutAPathFailsNamingTheProperty() {
		this.runner.withPropertyValues("cluster.discovery.strategy=file", "cluster.discovery.file.path=").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("cluster.discovery.file.path").contains("is not set");
			assertThat(analysis.getAction()).contains("host[:port]");
		});
	}

	@Test
	void theFileStrategyStartsWithoutItsFileAndReportsItMissing() {
		this.runner.withPropertyValues("cluster.discovery.strategy=file").run((context) -> {
			assertThat(context).hasNotFailed();
			DiscoveryResult result = context.getBean(PeerDiscovery.class).discover();
			assertThat(result).isInstanceOf(DiscoveryResult.Failed.class);
			assertThat(((DiscoveryResult.Failed) result).error()).contains("no-such-hosts-file")
				.contains("does not exist")
				.contains("cluster.discovery.file.path");
		});
	}

	@Test
	void kubernetesWithoutTheClientFailsSayingWhichDependencyToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(KubernetesClientUtils.class))
			.withPropertyValues("cluster.discovery.strategy=kubernetes")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cluster.discovery.strategy")
					.contains("Kubernetes client is not on the classpath");
				assertThat(analysis.getAction()).contains("spring-cloud-kubernetes-client-autoconfig");
			});
	}

	// What Spring AOT freezes is the set of bean definitions: it must not depend on the strategy.
	@Test
	void theBeanDefinitionsAreTheSameWhateverTheStrategy() {
		Set<String> local = beanDefinitionsForAot("local");
		assertThat(local).contains(DiscoveryConfiguration.BEAN_NAME);
		for (String strategy : new String[] { "static", "file", "spring-cloud", "dns", "srv", "kubernetes", "custom" }) {
			assertThat(beanDefinitionsForAot(strategy)).as(strategy).isEqualTo(local);
		}
	}

	private Set<String> beanDefinitionsForAot(String strategy) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of("spring.application.name=orders", "cluster.discovery.strategy=" + strategy)
				.applyTo(context);
			context.register(ClusterAutoConfiguration.class);
			context.refreshForAotProcessing(new RuntimeHints());
			return new TreeSet<>(Set.of(context.getBeanDefinitionNames()));
		}
	}

	private void assertPicks(String strategy, Class<? extends PeerDiscovery> type) {
		this.runner.withPropertyValues("cluster.discovery.strategy=" + strategy).run((context) -> {
			assertThat(context).as(strategy).hasNotFailed();
			assertThat(context.getBean(PeerDiscovery.class)).as(strategy).isInstanceOf(type);
			assertThat(context.getBean(ClusterSettings.class).portInName()).as(strategy)
				.isEqualTo(strategy.equals("local"));
		});
	}

	static final class MyDiscovery implements PeerDiscovery {

		@Override
		public String name() {
			return "mine";
		}

		@Override
		public DiscoveryResult discover() {
			return new DiscoveryResult.Found(Set.of());
		}

	}

}
