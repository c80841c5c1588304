package io.clusterboot.autoconfigure;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code spring-cloud} strategy over Spring Cloud's simple discovery client (instances from
 * properties): which service, which port, what a bad instance or a missing client does.
 */
class SpringCloudDiscoveryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "cluster.cookie=spring-cloud-test-cookie-0123456789",
				"cluster.node.host=127.0.0.2", "cluster.transport.port=" + TestNodes.freePort("127.0.0.2"),
				"cluster.discovery.strategy=spring-cloud");

	// The simple client asks InetUtils for this host; the answer is given here, so that no test reads
	// the machine's interfaces or asks DNS for their names.
	private final ApplicationContextRunner withSimpleClient = this.runner
		.withConfiguration(AutoConfigurations.of(SimpleDiscoveryClientAutoConfiguration.class))
		.withBean(InetUtils.class, LoopbackInetUtils::new);

	@Test
	void theInstancesOfTheApplicationsOwnServiceAreThePeersOnTheirMetadataPortElseTheClusterPort() {
		this.withSimpleClient.withPropertyValues("cluster.transport.port=4380",
				"spring.cloud.discovery.client.simple.instances.orders[0].uri=http://127.0.0.3:8080",
				"spring.cloud.discovery.client.simple.instances.orders[0].metadata.cluster-port=4371",
				"spring.cloud.discovery.client.simple.instances.orders[1].uri=http://127.0.0.4:8080",
				"spring.cloud.discovery.client.simple.instances.billing[0].uri=http://127.0.0.9:8080")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PeerDiscovery discovery = context.getBean(PeerDiscovery.class);
				assertThat(discovery.name()).isEqualTo("spring-cloud");
				assertThat(discovery.discover()).isEqualTo(DiscoveryResult
					.found(Set.of(new PeerAddress("127.0.0.3", 4371), new PeerAddress("127.0.0.4", 4380))));
			});
	}

	@Test
	void theServiceAndTheMetadataKeyCanBeNamed() {
		this.withSimpleClient.withPropertyValues("cluster.discovery.spring-cloud.service-id=billing",
				"cluster.discovery.spring-cloud.port-metadata-key=distribution-port",
				"spring.cloud.discovery.client.simple.instances.billing[0].uri=http://127.0.0.9:8080",
				"spring.cloud.discovery.client.simple.instances.billing[0].metadata.distribution-port=9100")
			.run((context) -> assertThat(context.getBean(PeerDiscovery.class).discover())
				.isEqualTo(DiscoveryResult.found(Set.of(new PeerAddress("127.0.0.9", 9100)))));
	}

	@Test
	void anInstanceWithABadPortFailsTheRoundNamingTheInstanceAndTheKey() {
		this.withSimpleClient
			.withPropertyValues("spring.cloud.discovery.client.simple.instances.orders[0].uri=http://127.0.0.3:8080",
					"spring.cloud.discovery.client.simple.instances.orders[0].instance-id=orders-a",
					"spring.cloud.discovery.client.simple.instances.orders[0].metadata.cluster-port=<b>http</b>")
			.run((context) -> {
				DiscoveryResult result = context.getBean(PeerDiscovery.class).discover();
				assertThat(result).isInstanceOf(DiscoveryResult.Failed.class);
				assertThat(((DiscoveryResult.Failed) result).error()).startsWith("Instance orders-a of 'orders' ")
					.contains("cluster-port=<b>http</b>");
			});
	}

	@Test
	void withoutADiscoveryClientStartUpFailsSayingWhatToAdd() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("cluster.discovery.strategy")
				.contains("no DiscoveryClient");
			assertThat(analysis.getAction()).contains("spring-cloud-starter-netflix-eureka-client")
				.contains("spring.cloud.discovery.client.simple.instances");
		});
	}

	@Test
	void withoutSpringCloudCommonsStartUpFailsSayingWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(DiscoveryClient.class)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Spring Cloud Commons is not on the classpath");
		});
	}

	@Test
	void withoutAServiceIdOrAnApplicationNameStartUpFailsNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ClusterAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class))
			.withBean(InetUtils.class, LoopbackInetUtils::new)
			.withPropertyValues("cluster.cookie=spring-cloud-test-cookie-0123456789", "cluster.node.host=127.0.0.2",
					"cluster.transport.port=" + TestNodes.freePort("127.0.0.2"), "cluster.discovery.strategy=spring-cloud")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cluster.discovery.spring-cloud.service-id");
			});
	}

	@Test
	void aEurekaRegistryIsStaleAfterThreeMissedFetches() {
		assertThat(SpringCloudDiscoveryFactory.staleness(2_999, Duration.ofSeconds(1))).isNull();
		assertThat(SpringCloudDiscoveryFactory.staleness(3_001, Duration.ofSeconds(1)))
			.startsWith("The Eureka client has not fetched the registry from its server in the last 3 s");
		assertThat(SpringCloudDiscoveryFactory.staleness(90_001, Duration.ofSeconds(30)))
			.startsWith("The Eureka client has not fetched the registry from its server in the last 90 s")
			.contains("eureka.client.service-url");
		assertThat(SpringCloudDiscoveryFactory.staleness(-1, Duration.ofSeconds(30))).isNull();
	}

	static final class LoopbackInetUtils extends InetUtils {

		LoopbackInetUtils() {
			super(new InetUtilsProperties());
		}

		@Override
		public HostInfo findFirstNonLoopbackHostInfo() {
			HostInfo info = new HostInfo();
			info.setHostname("localhost");
			info.setIpAddress("127.0.0.1");
			return info;
		}

	}

}
