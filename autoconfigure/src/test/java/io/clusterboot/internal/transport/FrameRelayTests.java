package io.clusterboot.internal.transport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.clusterboot.ClusterListener;
import io.clusterboot.Member;
import io.clusterboot.MemberState;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.transport.codec.Protocol;
import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay that a node was made to dial (a poisoned DNS answer, a spoofed address) passes a real
 * handshake through untouched, then tampers with what follows: every frame after the handshake is
 * bound to it, so any tampering closes that connection with {@code bad-frame-mac}, and the node keeps
 * serving its other peers.
 */
class FrameRelayTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final String RELAY = "127.0.0.30";

	private final TestNodes nodes = new TestNodes();

	private final ExecutorService pumps = Executors.newCachedThreadPool();

	@AfterEach
	void close() {
		this.pumps.shutdownNow();
		this.nodes.close();
	}

	enum Tampering {

		/** A frame of the relay's own, with a tag it had to guess. */
		INJECT,

		/** The first frame after the handshake, sent twice. */
		REPLAY,

		/** The first frame after the handshake, never sent. */
		DROP

	}

	@ParameterizedTest
	@EnumSource(Tampering.class)
	void tamperingAfterTheHandshakeClosesThatConnectionOnly(Tampering tampering) throws Exception {
		int port = TestNodes.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4", RELAY);
		ClusterNode target = this.nodes.start("127.0.0.3", port, new StaticPeerDiscovery(Set.of()));
		ClusterNode bystander = this.nodes.start("127.0.0.4", port,
				new StaticPeerDiscovery(Set.of(new PeerAddress("127.0.0.3", port))));
		await().atMost(DEADLINE).until(() -> target.connectedMembers().size() == 1);
		Member bystanderBefore = target.connectedMembers().get(0);
		List<NodeDownEvent> downs = new CopyOnWriteArrayList<>();
		target.addListener(new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				downs.add(event);
			}
		});

		try (ServerSocket relay = new ServerSocket()) {
			relay.bind(new InetSocketAddress(RELAY, port));
			ClusterNode victim = this.nodes.start("127.0.0.2", port,
					new StaticPeerDiscovery(Set.of(new PeerAddress(RELAY, port))));
			relay.setSoTimeout((int) DEADLINE.toMillis());
			Socket fromVictim = relay.accept();
			relay.close(); // one relayed connection; the victim's later dials find nobody
			Socket toTarget = new Socket();
			toTarget.bind(new InetSocketAddress(RELAY, 0));
			toTarget.connect(new InetSocketAddress("127.0.0.3", port));
			this.pumps.submit(() -> tamper(fromVictim.getInputStream(), toTarget.getOutputStream(), tampering));
			this.pumps.submit(() -> pipe(toTarget.getInputStream(), fromVictim.getOutputStream()));

			// The victim comes back at once over a direct connection it learnt of from the bystander,
			// so the relayed connection's end is read from the events, not from the current state.
			NodeName victimName = victim.self();
			await().atMost(DEADLINE).untilAsserted(() -> assertThat(downs).singleElement().satisfies((down) -> {
				assertThat(down.member().name()).isEqualTo(victimName);
				assertThat(down.member().address()).isEqualTo(new PeerAddress(RELAY, port));
				assertThat(down.member().state()).isEqualTo(MemberState.DOWN);
				assertThat(down.reason()).isEqualTo(Reason.BAD_FRAME_MAC);
			}));
			assertThat(target.rejectedFrames()).isEqualTo(1);
			fromVictim.close();
			toTarget.close();
		}
		// The target goes on serving its other peer, on the same connection.
		assertThat(target.connectedMembers()).filteredOn((m) -> m.name().equals(bystander.self()))
			.singleElement()
			.extracting(Member::since)
			.isEqualTo(bystanderBefore.since());
	}

	private static Void pipe(InputStream in, OutputStream out) throws IOException {
		in.transferTo(out);
		return null;
	}

	// Passes the preface and the dialler's two handshake frames (HELLO, PROOF) through untouched, then
	// tampers with the first frame after them.
	private static Void tamper(InputStream raw, OutputStream out, Tampering tampering) throws IOException {
		DataInputStream in = new DataInputStream(raw);
		byte[] preface = new byte[Protocol.PREFACE_LENGTH];
		in.readFully(preface);
		out.write(preface);
		for (int frame = 0;; frame++) {
			int length = in.readInt();
			byte[] payload = new byte[length];
			in.readFully(payload);
			boolean first = frame == 2;
			if (!(first && tampering == Tampering.DROP)) {
				write(out, payload);
			}
			if (first && tampering == Tampering.REPLAY) {
				write(out, payload);
			}
			if (first && tampering == Tampering.INJECT) {
				byte[] forged = new byte[1 + 8 + 16]; // a PING with a guessed tag
				forged[0] = 6;
				byte[] tag = new byte[16];
				new SecureRandom().nextBytes(tag);
				System.arraycopy(tag, 0, forged, 9, 16);
				write(out, forged);
			}
		}
	}

	private static void write(OutputStream out, byte[] payload) throws IOException {
		out.write(new byte[] { (byte) (payload.length >>> 24), (byte) (payload.length >>> 16),
				(byte) (payload.length >>> 8), (byte) payload.length });
		out.write(payload);
		out.flush();
	}

}
