package io.clusterboot.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.stereotype.Component;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.messaging.Messenger;
import io.clusterboot.messaging.ClusterMessageContext;
import io.clusterboot.messaging.ClusterMessageListener;
import io.clusterboot.messaging.ClusterMessaging;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's {@code @ClusterMessageListener} method answers a request from another node, its
 * payload and reply converted by the application's JSON mapper.
 */
class ClusterMessagingAutoConfigurationTests {

	record QuoteRequest(String sku) {
	}

	record Quote(String sku, long cents, String askedBy) {
	}

	private final TestNodes nodes = new TestNodes();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ClusterAutoConfiguration.class,
				ClusterMessagingAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "cluster.cookie=" + TestNodes.COOKIE,
				"cluster.discovery.strategy=static", "cluster.node.host=127.0.0.2",
				"cluster.discovery.poll-interval=200ms");

	@AfterEach
	void close() {
		this.nodes.close();
		this.pool.shutdownNow();
	}

	@Test
	void anAnnotatedMethodAnswersARequestFromAnotherNode() throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3");
		ClusterNode asker = new ClusterNode(TestNodes.settings("127.0.0.3", port),
				io.clusterboot.internal.node.Cookie.of(TestNodes.COOKIE), new StaticPeerDiscovery(Set.of()));
		Messenger askerMessaging = new Messenger(asker, new io.clusterboot.internal.messaging.JsonPayloadCodec(new tools.jackson.databind.json.JsonMapper()),
				this.pool, Duration.ofSeconds(10), 1024 * 1024);
		this.nodes.adopt(asker.start());
		this.runner.withUserConfiguration(Prices.class)
			.withPropertyValues("cluster.transport.port=" + port, "cluster.discovery.static.peers=127.0.0.3:" + port)
			.run((context) -> {
				assertThat(context).hasSingleBean(ClusterMessaging.class);
				NodeName orders = NodeName.parse("orders@127.0.0.2");
				await().atMost(Duration.ofSeconds(30)).until(() -> asker.connection(orders).isPresent());
				Quote quote = askerMessaging.request(orders, "prices.quote", new QuoteRequest("sku-7"), Quote.class)
					.get(30, TimeUnit.SECONDS);
				assertThat(quote).isEqualTo(new Quote("sku-7", 1299, "node@127.0.0.3"));
			});
	}

	@Test
	void twoListenersForOneTopicStopStartUp() {
		this.runner.withUserConfiguration(Prices.class, MorePrices.class)
			.withPropertyValues("cluster.auto-startup=false", "cluster.transport.port=1",
					"cluster.discovery.static.peers=127.0.0.3:1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("Two cluster message listeners for the topic 'prices.quote'"));
	}

	@Component
	static class Prices {

		@ClusterMessageListener("prices.quote")
		Quote quote(QuoteRequest request, ClusterMessageContext context) {
			return new Quote(request.sku(), 1299, context.sender().toString());
		}

	}

	@Component
	static class MorePrices {

		@ClusterMessageListener("prices.quote")
		Quote quote(QuoteRequest request) {
			return new Quote(request.sku(), 1, "");
		}

	}

}
