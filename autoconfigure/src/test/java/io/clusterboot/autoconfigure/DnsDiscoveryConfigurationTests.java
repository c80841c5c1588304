package io.clusterboot.autoconfigure;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.discovery.dns.DnsPeerDiscovery;
import io.clusterboot.internal.discovery.dns.SrvPeerDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dns and srv strategies in an application: which bean they make, and how a bad setting stops
 * start-up with the property to fix.
 */
class DnsDiscoveryConfigurationTests {

	private static final String COOKIE = "configuration-test-cookie-4b1d";

	// Every context asks a DNS server on loopback where nobody listens: never the system's resolvers.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("spring.application.name=test", "cluster.cookie=" + COOKIE, "cluster.node.host=127.0.0.1",
				"cluster.transport.port=" + TestNodes.freePort(), "cluster.discovery.dns.server=127.0.0.1:" + TestNodes.freePort());

	@Test
	void dnsStrategyLooksUpARecordsOfTheName() {
		this.runner.withPropertyValues("cluster.discovery.strategy=dns", "cluster.discovery.dns.name=peers.example")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PeerDiscovery.class)).isInstanceOf(DnsPeerDiscovery.class);
				assertThat(context.getBean(PeerDiscovery.class).name()).isEqualTo("dns");
			});
	}

	@Test
	void srvStrategyLooksUpSrvRecordsOfTheName() {
		this.runner
			.withPropertyValues("cluster.discovery.strategy=srv",
					"cluster.discovery.srv.name=_cluster._tcp.peers.example")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PeerDiscovery.class)).isInstanceOf(SrvPeerDiscovery.class);
				assertThat(context.getBean(PeerDiscovery.class).name()).isEqualTo("srv");
			});
	}

	@Test
	void dnsStrategyWithoutANameFailsNamingTheProperty() {
		this.runner.withPropertyValues("cluster.discovery.strategy=dns")
			.run(failsOn("cluster.discovery.dns.name", "is not set"));
	}

	@Test
	void srvStrategyWithoutANameFailsNamingTheProperty() {
		this.runner.withPropertyValues("cluster.discovery.strategy=srv")
			.run(failsOn("cluster.discovery.srv.name", "is not set"));
	}

	@Test
	void aNameThatIsNoDnsNameFailsNamingTheProperty() {
		this.runner.withPropertyValues("cluster.discovery.strategy=dns", "cluster.discovery.dns.name=peers..example")
			.run(failsOn("cluster.discovery.dns.name", "is not a DNS name"));
	}

	@Test
	void aServerThatIsNoIpAddressFailsNamingThePropertyInsteadOfBeingLookedUp() {
		this.runner
			.withPropertyValues("cluster.discovery.strategy=srv", "cluster.discovery.srv.name=_c._tcp.peers.example",
					"cluster.discovery.dns.server=dns.example:53")
			.run(failsOn("cluster.discovery.dns.server", "is not an IP address"));
	}

	@Test
	void aTimeoutThatIsNotPositiveFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("cluster.discovery.strategy=dns", "cluster.discovery.dns.name=peers.example",
					"cluster.discovery.dns.timeout=0s")
			.run(failsOn("cluster.discovery.dns.timeout", "must be a positive duration"));
	}

	@Test
	void negativeRetriesFailNamingTheProperty() {
		this.runner
			.withPropertyValues("cluster.discovery.strategy=dns", "cluster.discovery.dns.name=peers.example",
					"cluster.discovery.dns.retries=-1")
			.run(failsOn("cluster.discovery.dns.retries", "must be 0 or more"));
	}

	@Test
	void withoutDnsjavaTheStrategyFailsSayingWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader("org.xbill.DNS."))
			.withPropertyValues("cluster.discovery.strategy=dns", "cluster.discovery.dns.name=peers.example")
			.run(failsOn("cluster.discovery.strategy", "needs dnsjava"));
	}

	@Test
	void anApplicationsOwnDiscoveryWins() {
		this.runner.withPropertyValues("cluster.discovery.strategy=dns")
			.withBean(PeerDiscovery.class, () -> new StaticPeerDiscovery(Set.of()))
			.run((context) -> assertThat(context.getBean(PeerDiscovery.class)).isInstanceOf(StaticPeerDiscovery.class));
	}

	private static ContextConsumer<AssertableApplicationContext> failsOn(String property, String problem) {
		return (context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			InvalidClusterPropertyException invalid = findCause(failure);
			assertThat(invalid).as("an InvalidClusterPropertyException in %s", failure).isNotNull();
			assertThat(invalid.getProperty()).isEqualTo(property);
			FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains(property, problem).doesNotContain(COOKIE);
			assertThat(analysis.getAction()).contains(property.equals("cluster.discovery.strategy") ? "dnsjava" : property);
		};
	}

	private static InvalidClusterPropertyException findCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidClusterPropertyException invalid) {
				return invalid;
			}
		}
		return null;
	}

}
