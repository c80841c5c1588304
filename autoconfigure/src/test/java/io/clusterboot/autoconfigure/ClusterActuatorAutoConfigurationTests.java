package io.clusterboot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.clusterboot.Cluster;
import io.clusterboot.actuate.ClusterCookieSanitizingFunction;
import io.clusterboot.actuate.ClusterEndpoint;
import io.clusterboot.actuate.ClusterHealthIndicator;
import io.clusterboot.actuate.ClusterMeterBinder;
import io.clusterboot.actuate.FakeCluster;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterActuatorAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, ClusterEndpointAutoConfiguration.class,
				ClusterHealthContributorAutoConfiguration.class, ClusterMetricsAutoConfiguration.class,
				ClusterSanitizingAutoConfiguration.class));

	// A Cluster bean of the user's own, so that no node starts.
	private final WebApplicationContextRunner withCluster = this.runner.withPropertyValues("cluster.enabled=false")
		.withBean(Cluster.class, FakeCluster::new);

	@Test
	void endpointIsCreatedOnlyWhenExposed() {
		this.withCluster.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
		this.withCluster.withPropertyValues("management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context).hasSingleBean(ClusterEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedWhenAccessIsNone() {
		this.withCluster
			.withPropertyValues("management.endpoints.web.exposure.include=cluster",
					"management.endpoint.cluster.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void healthIndicatorIsNamedClusterAndCanBeTurnedOff() {
		this.withCluster.run((context) -> assertThat(context).hasSingleBean(ClusterHealthIndicator.class)
			.hasBean("clusterHealthIndicator"));
		this.withCluster.withPropertyValues("management.health.cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class));
	}

	@Test
	void healthIndicatorReadsMinPeers() {
		this.withCluster.withPropertyValues("cluster.health.min-peers=1")
			.run((context) -> assertThat(context.getBean(ClusterHealthIndicator.class).health().getStatus().getCode())
				.isEqualTo("DOWN"));
	}

	@Test
	void withoutAClusterOnlyTheSanitizerRemains() {
		this.runner.withPropertyValues("cluster.enabled=false", "management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class)
				.doesNotHaveBean(ClusterHealthIndicator.class)
				.doesNotHaveBean(ClusterMeterBinder.class)
				.hasSingleBean(ClusterCookieSanitizingFunction.class));
	}

	@Test
	void metersNeedAClusterNode() {
		this.withCluster.run((context) -> assertThat(context).doesNotHaveBean(ClusterMeterBinder.class));
	}

	@Test
	void aRunningNodeGetsEverything() {
		String host = "127.0.0.11";
		this.runner
			.withPropertyValues("spring.application.name=orders", "cluster.discovery.strategy=static",
					"cluster.node.host=" + host, "cluster.transport.port=" + TestNodes.freePort(host),
					"cluster.discovery.static.peers=" + host + ":1", "cluster.cookie=runner-cookie-0123456789abcdef",
					"management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context).hasSingleBean(ClusterNode.class)
				.hasSingleBean(ClusterEndpoint.class)
				.hasSingleBean(ClusterHealthIndicator.class)
				.hasSingleBean(ClusterMeterBinder.class)
				.hasSingleBean(ClusterCookieSanitizingFunction.class)
				.satisfies((c) -> assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
					.as("meters are fed as things happen, by no thread of their own")
					.doesNotContain("cluster-metrics")));
	}

	@Test
	void userBeansWin() {
		ClusterHealthIndicator own = new ClusterHealthIndicator(new FakeCluster(), 7);
		this.withCluster.withBean("clusterHealthIndicator", ClusterHealthIndicator.class, () -> own)
			.run((context) -> assertThat(context.getBean(ClusterHealthIndicator.class)).isSameAs(own));
	}

}
