package io.clusterboot.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.clusterboot.Reason;
import io.clusterboot.DiscoveryStatus;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeName;
import io.clusterboot.actuate.ClusterEndpoint.ClusterDescriptor;
import io.clusterboot.actuate.ClusterEndpoint.PeerDescriptor;
import io.clusterboot.discovery.PeerAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterEndpointTests {

	private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

	private static final Instant NOW = Instant.parse("2026-03-01T11:02:03.456789Z");

	private final FakeCluster cluster = new FakeCluster();

	private final ClusterEndpoint endpoint = new ClusterEndpoint(this.cluster, STARTED, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void describesNodeDiscoveryAndEveryPeer() {
		LinkedHashSet<PeerAddress> addresses = new LinkedHashSet<>(
				List.of(new PeerAddress("127.0.0.4", 4370), new PeerAddress("127.0.0.3", 4370)));
		this.cluster.discovery(new DiscoveryStatus("static", NOW.minusSeconds(2), Duration.ofNanos(1_234_567),
				addresses, null));
		this.cluster.members(
				new Member(NodeName.parse("orders@127.0.0.3"), new PeerAddress("127.0.0.3", 4370),
						MemberState.CONNECTED, NOW.minusSeconds(60), 0.3141592, null, null, 2, "SHA256:ab", null),
				new Member(null, new PeerAddress("127.0.0.4", 4370), MemberState.DOWN, NOW.minusSeconds(5), null,
						Reason.UNREACHABLE, NOW.plusSeconds(3)));
		ClusterDescriptor descriptor = this.endpoint.describe(NOW);
		assertThat(descriptor.node()).isEqualTo("orders@127.0.0.2");
		assertThat(descriptor.strategy()).isEqualTo("static");
		assertThat(descriptor.cookieFingerprint()).isEqualTo("SHA256:00112233445566778899aabbccddeeff");
		assertThat(descriptor.uptime()).isEqualTo("PT1H2M3S");
		assertThat(descriptor.discovery().lastRun()).isEqualTo("2026-03-01T11:02:01.456Z");
		assertThat(descriptor.discovery().durationMillis()).isEqualTo(1.235);
		assertThat(descriptor.discovery().addresses()).containsExactly("127.0.0.3:4370", "127.0.0.4:4370");
		assertThat(descriptor.discovery().error()).isNull();
		assertThat(descriptor.peers()).containsExactly(
				new PeerDescriptor("orders@127.0.0.3", "127.0.0.3:4370", "connected", "2026-03-01T11:01:03.456Z",
						0.314, null, null, 2, "SHA256:ab", null),
				new PeerDescriptor(null, "127.0.0.4:4370", "down", "2026-03-01T11:01:58.456Z", null, "unreachable",
						"2026-03-01T11:02:06.456Z", null, null, null));
	}

	@Test
	void beforeTheFirstDiscoveryRoundTimesAreNull() {
		ClusterDescriptor descriptor = this.endpoint.describe(NOW);
		assertThat(descriptor.discovery().lastRun()).isNull();
		assertThat(descriptor.discovery().durationMillis()).isNull();
		assertThat(descriptor.peers()).isEmpty();
	}

	@Test
	void jsonFormatAnswersTheDescriptorAndHtmlFormatThePage() {
		WebEndpointResponse<Object> json = this.endpoint.cluster(ClusterFormat.JSON, null, null);
		assertThat(json.getBody()).isInstanceOf(ClusterDescriptor.class);
		assertThat(json.getContentType().toString()).isEqualTo("application/json");
		WebEndpointResponse<Object> html = this.endpoint.cluster(ClusterFormat.HTML, null, null);
		assertThat(html.getBody()).asString().startsWith("<!DOCTYPE html>").contains("orders@127.0.0.2");
		assertThat(html.getContentType().toString()).isEqualTo("text/html;charset=UTF-8");
		WebEndpointResponse<Object> unmatched = this.endpoint.cluster(null, null, null);
		assertThat(unmatched.getBody()).isInstanceOf(ClusterDescriptor.class);
		assertThat(unmatched.getContentType().toString()).isEqualTo("application/json");
	}

	@Test
	void writeOperationRunsARound() {
		this.endpoint.refreshNow();
		assertThat(this.cluster.refreshes()).isEqualTo(1);
	}

}
