package io.clusterboot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.clusterboot.actuate.ClusterEndpoint.ClusterDescriptor;
import io.clusterboot.actuate.ClusterEndpoint.DiscoveryDescriptor;
import io.clusterboot.actuate.ClusterEndpoint.PeerDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterPageTests {

	static final String HOSTILE = "<script>document.title='pwned'</script><b id=\"pwned\">x</b>"
			+ "\"' onmouseover=alert(1) x=`";

	private static final Instant NOW = Instant.parse("2026-03-01T11:02:03Z");

	private final ClusterPage page = new ClusterPage();

	@Test
	void showsNodeFingerprintPeersAndDiscovery() {
		String html = this.page.render(descriptor(List.of("127.0.0.3:4370"), null, connected(), down("unreachable")),
				null, NOW);
		assertThat(html).contains("<h1 id=\"node\">orders@127.0.0.2</h1>")
			.contains("SHA256:00112233445566778899aabbccddeeff")
			.contains("orders@127.0.0.3")
			.contains("1 of 2 peers connected")
			.contains("<code>127.0.0.3:4370</code>")
			.contains("1h 02m")
			.contains("0.31 ms")
			.contains("protocol 2")
			.contains("unreachable; next try in 7s")
			.contains("not yet known")
			.doesNotContain("http-equiv=\"refresh\"")
			.doesNotContain("<script")
			.doesNotContain("src=");
	}

	@Test
	void everyStateIsShownInWordsAndInColour() {
		PeerDescriptor[] peers = List.of("connecting", "connected", "down", "left", "rejected")
			.stream()
			.map((state) -> new PeerDescriptor(null, "127.0.0.9:4370", state, NOW.toString(), null, null, null, null, null, null))
			.toArray(PeerDescriptor[]::new);
		String html = this.page.render(descriptor(List.of(), null, peers), null, NOW);
		for (String state : List.of("connecting", "connected", "down", "left", "rejected")) {
			assertThat(html).contains("<span class=\"badge state-" + state + " peer-state\">" + state + "</span>");
			assertThat(html).containsPattern("\\.state-" + state + " \\{ color: var\\(--[a-z]+\\); background");
		}
	}

	@Test
	void escapesEveryStringFromTheNetworkOrDiscovery() {
		PeerDescriptor hostilePeer = new PeerDescriptor(HOSTILE, HOSTILE, "down", NOW.toString(), null, HOSTILE, null, null, HOSTILE, null);
		String html = this.page.render(descriptor(List.of(HOSTILE), HOSTILE, hostilePeer), null, NOW);
		assertThat(html).doesNotContain("<script").doesNotContain("<b id").doesNotContain("\" onmouseover");
		assertThat(html).contains("&lt;script&gt;document.title&#x3D;&#39;pwned&#39;&lt;/script&gt;");
		// name, address, detail (error and cookie), discovery address and discovery error
		assertThat(html.split("&lt;script&gt;", -1)).hasSize(1 + 6);
	}

	@Test
	void autoRefreshIsOptionalAndBounded() {
		assertThat(this.page.render(descriptor(List.of(), null), 5, NOW))
			.contains("<meta http-equiv=\"refresh\" content=\"5\">")
			.contains("<a class=\"current\" href=\"?refresh=5\">5 s</a>");
		assertThat(this.page.render(descriptor(List.of(), null), 0, NOW)).contains("content=\"1\"");
		assertThat(this.page.render(descriptor(List.of(), null), 1_000_000, NOW)).contains("content=\"3600\"");
		assertThat(this.page.render(descriptor(List.of(), null), null, NOW))
			.contains("<a class=\"current\" href=\"?\">off</a>");
	}

	@Test
	void summarySaysHowManyPeersAreConnected() {
		assertThat(this.page.render(descriptor(List.of(), null, connected()), null, NOW)).contains("1 peer connected");
		assertThat(this.page.render(descriptor(List.of(), null, down("unreachable")), null, NOW))
			.contains("0 of 1 peer connected");
		assertThat(this.page.render(descriptor(List.of(), null, connected(), connected()), null, NOW))
			.contains("all 2 peers connected");
	}

	@Test
	void aLoneNodeSaysSo() {
		String html = this.page.render(descriptor(List.of(), null), null, NOW);
		assertThat(html).contains("no peers yet").contains("No peers yet.").contains("<span class=\"muted\">none</span>");
	}

	@Test
	void formatsDurationsForPeople() {
		assertThat(ClusterPage.human(Duration.ofSeconds(42))).isEqualTo("42s");
		assertThat(ClusterPage.human(Duration.ofSeconds(125))).isEqualTo("2m 05s");
		assertThat(ClusterPage.human(Duration.ofSeconds(3 * 3600 + 4 * 60 + 5))).isEqualTo("3h 04m");
		assertThat(ClusterPage.human(Duration.ofDays(2).plusHours(5))).isEqualTo("2d 5h");
		assertThat(ClusterPage.human(Duration.ofSeconds(-3))).isEqualTo("0s");
		assertThat(ClusterPage.millis(0.3141)).isEqualTo("0.31 ms");
		assertThat(ClusterPage.millis(0.004)).isEqualTo("< 0.01 ms");
		assertThat(ClusterPage.millis(42.25)).isEqualTo("42.3 ms");
		assertThat(ClusterPage.millis(420.4)).isEqualTo("420 ms");
	}

	private static PeerDescriptor connected() {
		return new PeerDescriptor("orders@127.0.0.3", "127.0.0.3:4370", "connected", "2026-03-01T11:00:00Z", 0.3141,
				null, null, 2, "SHA256:00112233445566778899aabbccddeeff", null);
	}

	private static PeerDescriptor down(String error) {
		return new PeerDescriptor(null, "127.0.0.4:4370", "down", "2026-03-01T11:01:00Z", null, error,
				"2026-03-01T11:02:10Z", null, null, null);
	}

	private static ClusterDescriptor descriptor(List<String> addresses, String error, PeerDescriptor... peers) {
		return descriptor(List.of(), addresses, error, peers);
	}

	private static ClusterDescriptor descriptor(List<String> accepted, List<String> addresses, String error,
			PeerDescriptor... peers) {
		return new ClusterDescriptor("orders@127.0.0.2", "static", "SHA256:00112233445566778899aabbccddeeff", accepted,
				"PT1H2M3S", new DiscoveryDescriptor("static", "2026-03-01T11:02:01Z", 1.5, addresses, error),
				List.of(peers), new ClusterEndpoint.MessagingDescriptor(List.of("prices.quote"),
						java.util.Map.of("room-42", List.of("orders@127.0.0.2", "orders@127.0.0.3"))), null);
	}

	@Test
	void warnsOfCertificatesThatExpireWithinTwoWeeksAndShowsEachPeersTlsSession() {
		PeerDescriptor soon = tlsPeer("orders@127.0.0.3", "CN=node-b", NOW.plus(java.time.Duration.ofDays(3)));
		PeerDescriptor later = tlsPeer("orders@127.0.0.4", "CN=node-c", NOW.plus(java.time.Duration.ofDays(60)));
		String html = this.page.render(tls(NOW.plus(java.time.Duration.ofDays(10)), soon, later), null, NOW);
		assertThat(html).contains("mutual TLS as CN&#x3D;node-a")
			.contains("TLSv1.3 TLS_AES_128_GCM_SHA256, CN&#x3D;node-c, expires in 60d")
			.contains("This node&#39;s certificate (CN&#x3D;node-a) expires in 10d")
			.contains("orders@127.0.0.3&#39;s certificate (CN&#x3D;node-b) expires in 3d")
			.doesNotContain("orders@127.0.0.4&#39;s certificate");
		// Far from expiry: no warning section at all.
		assertThat(this.page.render(tls(NOW.plus(java.time.Duration.ofDays(30)), later), null, NOW))
			.doesNotContain("certificate-warnings");
		// A subject comes from the peer's certificate: escaped like everything from the network.
		String hostile = this.page.render(tls(NOW.plus(java.time.Duration.ofDays(30)),
				tlsPeer("orders@127.0.0.3", HOSTILE, NOW.plus(java.time.Duration.ofDays(1)))), null, NOW);
		assertThat(hostile).doesNotContain("<script").contains("&lt;script&gt;");
	}

	private static PeerDescriptor tlsPeer(String name, String subject, Instant notAfter) {
		return new PeerDescriptor(name, name.substring(name.indexOf('@') + 1) + ":4370", "connected",
				"2026-03-01T11:00:00Z", 0.2, null, null, 2, "SHA256:00112233445566778899aabbccddeeff",
				new ClusterEndpoint.PeerTlsDescriptor("TLSv1.3", "TLS_AES_128_GCM_SHA256", subject, notAfter.toString()));
	}

	private static ClusterDescriptor tls(Instant notAfter, PeerDescriptor... peers) {
		ClusterDescriptor plain = descriptor(List.of(), null, peers);
		return new ClusterDescriptor(plain.node(), plain.strategy(), plain.cookieFingerprint(),
				plain.acceptedCookieFingerprints(), plain.uptime(), plain.discovery(), plain.peers(), plain.messaging(),
				new ClusterEndpoint.TransportDescriptor(true, "CN=node-a", notAfter.toString()));
	}

	@Test
	void duringACookieRotationShowsTheAcceptedCookiesAndWhichPeersProvedAnother() {
		PeerDescriptor moved = connected();
		PeerDescriptor notMoved = new PeerDescriptor("orders@127.0.0.4", "127.0.0.4:4370", "connected",
				"2026-03-01T11:00:00Z", 0.2, null, null, 2, "SHA256:ffeeddccbbaa99887766554433221100", null);
		String html = this.page.render(descriptor(List.of("SHA256:ffeeddccbbaa99887766554433221100"), List.of(), null,
				moved, notMoved), null, NOW);
		assertThat(html).contains("Also accepts")
			.contains("<code class=\"accepted-fingerprint\">SHA256:ffeeddccbbaa99887766554433221100</code>")
			.containsOnlyOnce("proved another accepted cookie, SHA256:ffeeddccbbaa99887766554433221100");
		assertThat(this.page.render(descriptor(List.of(), null, moved), null, NOW)).doesNotContain("Also accepts")
			.doesNotContain("proved another");
	}

	@Test
	void showsTheTopicsAndGroups() {
		String html = this.page.render(descriptor(List.of(), null), null, NOW);
		assertThat(html).contains("id=\"messaging\"")
			.contains("<code>prices.quote</code>")
			.contains("<code>room-42</code>: <code>orders@127.0.0.2</code> <code>orders@127.0.0.3</code>");
	}

}
