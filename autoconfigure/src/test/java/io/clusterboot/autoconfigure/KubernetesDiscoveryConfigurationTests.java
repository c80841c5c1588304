package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.kubernetes.client.KubernetesClientUtils;
import org.springframework.cloud.kubernetes.commons.KubernetesNamespaceProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.clusterboot.Cluster;
import io.clusterboot.internal.discovery.LocalPeerDiscovery;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.discovery.kubernetes.KubernetesPeerDiscovery;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Wiring of {@code cluster.discovery.strategy=kubernetes}, against fabric8's mock Kubernetes API on
 * 127.0.0.1 (never a real or default API server: every context gets an {@link ApiClient} bean, as
 * Spring Cloud Kubernetes provides one in a pod).
 */
class KubernetesDiscoveryConfigurationTests {

	private static final String LIST = "/apis/discovery.k8s.io/v1/namespaces/%s/endpointslices"
			+ "?labelSelector=kubernetes.io%%2Fservice-name%%3Dsample-headless";

	private static final String POD_LIST = "/api/v1/namespaces/shop/pods?labelSelector=app%3Dsample";

	private final KubernetesMockServer server = new KubernetesMockServer(false);

	@TempDir
	Path noServiceAccount;

	private final ApplicationContextRunner runner;

	KubernetesDiscoveryConfigurationTests() {
		try {
			this.server.init(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
			.withPropertyValues("spring.application.name=sample", "cluster.cookie=kubernetes-wiring-test-cookie",
					"cluster.node.host=127.0.0.1", "cluster.transport.port=" + TestNodes.freePort(),
					"cluster.discovery.strategy=kubernetes", "cluster.discovery.kubernetes.watch=false");
	}

	@AfterEach
	void stopServer() {
		this.server.destroy();
	}

	@Test
	void discoversTheEndpointSlicesOfTheServiceThroughTheApplicationsApiClient() {
		this.server.expect().get().withPath(LIST.formatted("shop")).andReturn(200, list("127.0.3.1")).always();
		this.runner.withUserConfiguration(MockApi.class)
			.withBean(KubernetesMockServer.class, () -> this.server)
			.withPropertyValues("cluster.discovery.kubernetes.namespace=shop",
					"cluster.discovery.kubernetes.service-name=sample-headless")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PeerDiscovery.class)).isInstanceOf(KubernetesPeerDiscovery.class)
					.hasToString("endpointslices of service 'sample-headless' in namespace 'shop' at "
							+ baseUrl(this.server) + ", port 'cluster' (else " + port(context) + "), not-ready included");
				Cluster cluster = context.getBean(Cluster.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> cluster.discovery().addresses().contains(new PeerAddress("127.0.3.1", 4370)));
				assertThat(cluster.discovery().strategy()).isEqualTo("kubernetes");
			});
	}

	@Test
	void bindsThePodsModeAndTheOtherProperties() {
		this.server.expect().get().withPath(POD_LIST).andReturn(200, "{\"kind\":\"PodList\",\"items\":[]}").always();
		this.runner.withUserConfiguration(MockApi.class)
			.withBean(KubernetesMockServer.class, () -> this.server)
			.withPropertyValues("cluster.discovery.kubernetes.namespace=shop", "cluster.discovery.kubernetes.mode=pods",
					"cluster.discovery.kubernetes.label-selector=app=sample",
					"cluster.discovery.kubernetes.port-name=gossip",
					"cluster.discovery.kubernetes.include-not-ready=false",
					"cluster.discovery.kubernetes.watch=true")
			.run((context) -> {
				assertThat(context.getBean(PeerDiscovery.class)).hasToString("pods (app=sample) in namespace 'shop' at "
						+ baseUrl(this.server) + ", port 'gossip' (else " + port(context) + "), watched");
				Cluster cluster = context.getBean(Cluster.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> cluster.discovery().lastRun() != null);
				assertThat(cluster.discovery().error()).isNull();
			});
	}

	@Test
	void theNamespaceDefaultsToSpringCloudKubernetesNamespace() {
		this.server.expect().get().withPath(LIST.formatted("from-property")).andReturn(200, list("127.0.3.2")).always();
		this.runner.withUserConfiguration(MockApi.class)
			.withBean(KubernetesMockServer.class, () -> this.server)
			.withPropertyValues("cluster.discovery.kubernetes.service-name=sample-headless",
					"spring.cloud.kubernetes.client.namespace=from-property")
			.run((context) -> {
				assertThat(context.getBean(PeerDiscovery.class).toString()).contains("in namespace 'from-property'");
				Cluster cluster = context.getBean(Cluster.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> cluster.discovery().addresses().contains(new PeerAddress("127.0.3.2", 4370)));
			});
	}

	@Test
	void theNamespaceComesFromTheNamespaceProviderOfSpringCloudKubernetes() {
		this.runner.withUserConfiguration(MockApi.class)
			.withBean(KubernetesMockServer.class, () -> this.server)
			.withBean(KubernetesNamespaceProvider.class, () -> new KubernetesNamespaceProvider("from-provider"))
			.withPropertyValues("cluster.discovery.kubernetes.service-name=sample-headless")
			.run((context) -> assertThat(context.getBean(PeerDiscovery.class).toString())
				.contains("in namespace 'from-provider'"));
	}

	@Test
	void withoutANamespaceOutsideAPodStartUpFailsNamingTheProperty() {
		this.runner.withUserConfiguration(MockApi.class)
			.withBean(KubernetesMockServer.class, () -> this.server)
			.withPropertyValues("cluster.discovery.kubernetes.service-name=sample-headless",
					"spring.cloud.kubernetes.client.serviceAccountNamespacePath="
							+ this.noServiceAccount.resolve("namespace"))
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("cluster.discovery.kubernetes.namespace")
				.contains("does not run in a Kubernetes pod"));
	}

	@Test
	void withoutAServiceNameStartUpFailsNamingTheProperty() {
		this.runner.withUserConfiguration(MockApi.class)
			.withBean(KubernetesMockServer.class, () -> this.server)
			.withPropertyValues("cluster.discovery.kubernetes.namespace=shop")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cluster.discovery.kubernetes.service-name: is not set");
				assertThat(analysis.getAction()).contains("cluster.discovery.kubernetes.mode=pods");
			});
	}

	@Test
	void podsModeWithoutALabelSelectorFailsNamingTheProperty() {
		this.runner.withUserConfiguration(MockApi.class)
			.withBean(KubernetesMockServer.class, () -> this.server)
			.withPropertyValues("cluster.discovery.kubernetes.namespace=shop", "cluster.discovery.kubernetes.mode=pods")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("cluster.discovery.kubernetes.label-selector: is not set"));
	}

	@Test
	void aNonPositiveRequestTimeoutFailsNamingTheProperty() {
		this.runner.withUserConfiguration(MockApi.class)
			.withBean(KubernetesMockServer.class, () -> this.server)
			.withPropertyValues("cluster.discovery.kubernetes.namespace=shop",
					"cluster.discovery.kubernetes.service-name=sample-headless",
					"cluster.discovery.kubernetes.request-timeout=0s")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("cluster.discovery.kubernetes.request-timeout"));
	}

	@Test
	void withoutTheKubernetesClientStartUpFailsSayingWhichDependencyToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(KubernetesClientUtils.class))
			.withPropertyValues("cluster.discovery.kubernetes.namespace=shop",
					"cluster.discovery.kubernetes.service-name=sample-headless")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cluster.discovery.strategy")
					.contains("Kubernetes client is not on the classpath");
				assertThat(analysis.getAction()).contains("spring-cloud-kubernetes-client-autoconfig");
			});
	}

	@Test
	void theDefaultStrategyDoesNotUseKubernetes() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
			.withPropertyValues("spring.application.name=sample", "cluster.cookie=kubernetes-wiring-test-cookie",
					"cluster.discovery.local.port-range=" + TestNodes.freePort())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PeerDiscovery.class)).isInstanceOf(LocalPeerDiscovery.class);
				assertThat(context).doesNotHaveBean(ApiClient.class);
			});
	}

	private static FailureAnalysis analysis(Throwable failure) {
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("analysis of %s", failure).isNotNull();
		return analysis;
	}

	private static String list(String ip) {
		return "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":"
				+ "{\"resourceVersion\":\"42\"},\"items\":[{\"kind\":\"EndpointSlice\",\"apiVersion\":"
				+ "\"discovery.k8s.io/v1\",\"metadata\":{\"name\":\"sample-headless-x1\",\"namespace\":\"shop\","
				+ "\"labels\":{\"kubernetes.io/service-name\":\"sample-headless\"}},\"addressType\":\"IPv4\","
				+ "\"endpoints\":[{\"addresses\":[\"" + ip + "\"],\"conditions\":{\"ready\":true,\"serving\":true,"
				+ "\"terminating\":false}}],\"ports\":[{\"name\":\"cluster\",\"port\":4370,\"protocol\":\"TCP\"}]}]}";
	}

	private static String baseUrl(KubernetesMockServer server) {
		return "http://127.0.0.1:" + server.getPort();
	}

	private static int port(org.springframework.context.ApplicationContext context) {
		return context.getBean(ClusterProperties.class).getTransport().getPort();
	}

	@Configuration(proxyBeanMethods = false)
	static class MockApi {

		@Bean
		ApiClient apiClient(KubernetesMockServer server) {
			return new ClientBuilder().setBasePath(baseUrl(server)).build();
		}

	}

}
