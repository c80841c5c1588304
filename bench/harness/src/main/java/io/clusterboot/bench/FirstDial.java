package io.clusterboot.bench;

import java.net.InetAddress;

import io.clusterboot.Reason;
import io.netty.util.NetUtil;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.Cookies;
import io.clusterboot.internal.transport.ConnectionListener;
import io.clusterboot.internal.transport.PeerConnection;
import io.clusterboot.internal.transport.Transport;
import io.clusterboot.internal.transport.TransportSettings;
import io.clusterboot.internal.transport.TransportWarmup;
import io.clusterboot.internal.transport.handshake.LocalIdentity;

/**
 * Run by figure 2 as a fresh JVM (the sample processes' flags): a listener and a dialler transport,
 * both bound and with their cookie derived before the clock starts, then one dial, timed. It shows
 * what the first handshakes of a freshly started node cost while its code is still cold, which is
 * what figure 1 measures N-1 times per node. With {@code true} as the third argument the starter's
 * transport warm-up runs first, on this thread, as it does in the background while an application starts.
 */
public final class FirstDial {

	private FirstDial() {
	}

	public static void main(String[] args) throws Exception {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		if (args.length > 2 && Boolean.parseBoolean(args[2]) && !TransportWarmup.run()) {
			throw new IllegalStateException("The transport warm-up did not complete");
		}
		Cookie cookie = Cookie.of(SampleCluster.COOKIE);
		ConnectionListener events = ConnectionListener.NONE;
		TransportSettings settings = new TransportSettings(host, port, port, 1024 * 1024, Duration.ofSeconds(5),
				Duration.ofSeconds(1), Duration.ofSeconds(5), 64, 8, 2);
		try (Transport listener = new Transport(settings, events, (peer, incarnation) -> null);
				Transport dialler = new Transport(settings, events, (peer, incarnation) -> null)) {
			listener.bind();
			listener.identity(new LocalIdentity(new NodeName("listener", host), 1, port, Cookies.of(cookie)));
			dialler.identity(new LocalIdentity(new NodeName("dialler", host), 2, port, Cookies.of(cookie)));
			long start = System.nanoTime();
			PeerConnection connection = dialler.dial(new PeerAddress(host, port), InetAddress.getByName(host)).get(30, TimeUnit.SECONDS);
			long first = System.nanoTime() - start;
			start = System.nanoTime();
			connection.close(Reason.SHUTDOWN);
			dialler.dial(new PeerAddress(host, port), InetAddress.getByName(host)).get(30, TimeUnit.SECONDS).close(Reason.SHUTDOWN);
			long second = System.nanoTime() - start;
			System.out.println("[bench] first " + first + " " + second);
		}
	}

}
