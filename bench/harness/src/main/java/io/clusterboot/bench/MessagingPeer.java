package io.clusterboot.bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.clusterboot.NodeName;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.discovery.StaticPeerDiscovery;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.membership.ClusterSettings;
import io.clusterboot.internal.messaging.Messenger;
import io.clusterboot.internal.messaging.PayloadCodec;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.TransportSettings;
import io.clusterboot.messaging.ClusterMessagingException;
import io.clusterboot.messaging.MessagingFailure;

/**
 * One process of figure 7, a ClusterBoot node with the starter's defaults (2 I/O threads, 4 listener
 * threads, 1 MiB frames, 1 s / 5 s heartbeats) that also serves or drives a plain TCP ping-pong, the
 * floor the figure compares with.
 * <p>
 * {@code serve HOST PORT TCP_PORT}: answers {@code bench.echo} requests with their payload, counts
 * {@code bench.sink} messages and answers {@code bench.flush} with the count (a request sent after a
 * run of messages is answered after all of them: one sender's messages reach listeners in order); echoes
 * 100-byte blocks on {@code TCP_PORT}.
 * <p>
 * {@code drive HOST PORT PEER_HOST TCP_PORT}: connects to the serving node, prints {@code ready}, then
 * reads commands on standard input and prints {@code [bench] …} lines:
 * <ul>
 * <li>{@code rtt WARMUP COUNT}: one request at a time; prints {@code rtt P50_NANOS P99_NANOS}</li>
 * <li>{@code tcp WARMUP COUNT}: the same over a plain socket with TCP_NODELAY, 100 bytes each way</li>
 * <li>{@code oneway SIZE COUNT}: COUNT messages of SIZE bytes as fast as {@code send} takes them (a
 * {@code saturated} refusal is retried after 20 µs), then one flush request (retried alike); prints {@code oneway NANOS
 * RETRIES}</li>
 * </ul>
 */
public final class MessagingPeer {

	static final int SIZE = 100;

	private MessagingPeer() {
	}

	public static void main(String[] args) throws Exception {
		String host = args[1];
		int port = Integer.parseInt(args[2]);
		boolean serve = args[0].equals("serve");
		Set<PeerAddress> peers = serve ? Set.of() : Set.of(new PeerAddress(args[3], port));
		ExecutorService listeners = Executors.newFixedThreadPool(4);
		ClusterNode node = new ClusterNode(settings(host, port), Cookie.of(SampleCluster.COOKIE),
				new StaticPeerDiscovery(peers));
		Messenger messenger = new Messenger(node, new BytesOnly(), listeners, Duration.ofSeconds(30), 1024 * 1024);
		if (serve) {
			serve(node, messenger, host, Integer.parseInt(args[3]));
		}
		else {
			drive(node, messenger, new NodeName("node", args[3]), new InetSocketAddress(args[3], Integer.parseInt(args[4])));
		}
	}

	private static void serve(ClusterNode node, Messenger messenger, String host, int tcpPort) throws Exception {
		AtomicLong received = new AtomicLong();
		messenger.register("bench.echo", (context, payload) -> payload.bytes());
		messenger.register("bench.sink", (context, payload) -> {
			received.incrementAndGet();
			return null;
		});
		messenger.register("bench.flush", (context, payload) -> Long.toString(received.getAndSet(0)));
		node.start();
		try (ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(InetAddress.getByName(host), tcpPort));
			System.out.println("[bench] ready " + node.self());
			while (true) {
				Socket socket = server.accept();
				Thread echo = new Thread(() -> echo(socket), "tcp-echo");
				echo.setDaemon(true);
				echo.start();
			}
		}
	}

	private static void echo(Socket socket) {
		try (socket) {
			socket.setTcpNoDelay(true);
			DataInputStream in = new DataInputStream(socket.getInputStream());
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			byte[] block = new byte[SIZE];
			while (true) {
				in.readFully(block);
				out.write(block);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the driver closed it
		}
	}

	private static void drive(ClusterNode node, Messenger messenger, NodeName peer, InetSocketAddress tcp)
			throws Exception {
		node.start();
		while (node.connection(peer).isEmpty()) {
			Thread.sleep(10);
		}
		System.out.println("[bench] ready " + node.self());
		try (Socket socket = new Socket()) {
			socket.setTcpNoDelay(true);
			socket.connect(tcp);
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
			String line;
			while ((line = commands.readLine()) != null) {
				String[] command = line.trim().split(" ");
				switch (command[0]) {
					case "rtt" -> {
						long[] nanos = roundTrips(Integer.parseInt(command[1]), Integer.parseInt(command[2]),
								() -> messenger.request(peer, "bench.echo", new byte[SIZE], byte[].class)
									.get(30, TimeUnit.SECONDS));
						System.out.println("[bench] rtt " + percentile(nanos, 50) + " " + percentile(nanos, 99));
					}
					case "tcp" -> {
						DataInputStream in = new DataInputStream(socket.getInputStream());
						DataOutputStream out = new DataOutputStream(socket.getOutputStream());
						byte[] block = new byte[SIZE];
						long[] nanos = roundTrips(Integer.parseInt(command[1]), Integer.parseInt(command[2]), () -> {
							out.write(block);
							out.flush();
							in.readFully(block);
							return block;
						});
						System.out.println("[bench] tcp " + percentile(nanos, 50) + " " + percentile(nanos, 99));
					}
					case "oneway" -> oneWay(messenger, peer, Integer.parseInt(command[1]), Integer.parseInt(command[2]));
					default -> System.out.println("[bench] unknown " + line);
				}
			}
		}
		catch (Exception ex) {
			// Said before the exit, which would otherwise swallow it.
			ex.printStackTrace(System.out);
			node.close();
			System.exit(1);
		}
		node.close();
		System.exit(0);
	}

	private static void oneWay(Messenger messenger, NodeName peer, int size, int count) throws Exception {
		byte[] payload = new byte[size];
		long retries = 0;
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			while (true) {
				try {
					messenger.send(peer, "bench.sink", payload);
					break;
				}
				catch (ClusterMessagingException ex) {
					if (ex.failure() != MessagingFailure.SATURATED) {
						throw ex;
					}
					retries++;
					LockSupport.parkNanos(20_000);
				}
			}
		}
		String received;
		while (true) {
			try {
				received = messenger.request(peer, "bench.flush", new byte[0], String.class).get(60, TimeUnit.SECONDS);
				break;
			}
			catch (ExecutionException ex) {
				// The last messages may still fill the write buffer: the flush waits its turn like them.
				if (!(ex.getCause() instanceof ClusterMessagingException refused)
						|| refused.failure() != MessagingFailure.SATURATED) {
					throw ex;
				}
				retries++;
				LockSupport.parkNanos(20_000);
			}
		}
		long took = System.nanoTime() - start;
		if (Long.parseLong(received) != count) {
			throw new IllegalStateException("Sent " + count + " messages, the receiver counted " + received);
		}
		System.out.println("[bench] oneway " + took + " " + retries);
	}

	private static long[] roundTrips(int warmup, int count, RoundTrip roundTrip) throws Exception {
		for (int i = 0; i < warmup; i++) {
			roundTrip.once();
		}
		long[] nanos = new long[count];
		for (int i = 0; i < count; i++) {
			long start = System.nanoTime();
			roundTrip.once();
			nanos[i] = System.nanoTime() - start;
		}
		return nanos;
	}

	private static long percentile(long[] samples, int percent) {
		long[] sorted = samples.clone();
		Arrays.sort(sorted);
		return sorted[(int) Math.ceil(percent / 100.0 * sorted.length) - 1];
	}

	// The starter's defaults (ClusterProperties); mutual TLS with the certificates of -Dbench.tls.
	private static ClusterSettings settings(String host, int port) {
		String tls = System.getProperty("bench.tls");
		return new ClusterSettings("node", host, false,
				new TransportSettings(host, port, port, 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(1),
						Duration.ofSeconds(5), 64, 8, 2).withTls((tls != null) ? BenchTls.transport(Path.of(tls)) : null),
				Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(30));
	}

	@FunctionalInterface
	private interface RoundTrip {

		byte[] once() throws Exception;

	}

	/** Bytes and text only: the figure sends no JSON. */
	private static final class BytesOnly extends PayloadCodec {

		@Override
		protected byte[] toJson(Object payload) {
			throw new IllegalArgumentException("JSON is not used by the benchmark");
		}

		@Override
		protected <T> T fromJson(byte[] json, Class<T> type) {
			throw new IllegalArgumentException("JSON is not used by the benchmark");
		}

	}

}
