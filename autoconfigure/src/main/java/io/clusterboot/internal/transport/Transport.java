package io.clusterboot.internal.transport;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.Reason;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.internal.RateLimitedLogger;
import io.clusterboot.internal.transport.codec.FrameDecoder;
import io.clusterboot.internal.transport.codec.FrameEncoder;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.Protocol;
import io.clusterboot.internal.transport.handshake.Admission;
import io.clusterboot.internal.transport.handshake.DialerHandshakeHandler;
import io.clusterboot.internal.transport.handshake.HandshakeFailedException;
import io.clusterboot.internal.transport.handshake.HandshakeOutcome;
import io.clusterboot.internal.transport.handshake.ListenerHandshakeHandler;
import io.clusterboot.internal.transport.handshake.LocalIdentity;
import io.clusterboot.internal.transport.handshake.PeerIdentity;
import io.clusterboot.internal.transport.tls.PlaintextAnswerDetector;
import io.clusterboot.internal.transport.tls.TlsDetector;
import io.clusterboot.internal.transport.tls.TlsSessions;
import io.clusterboot.internal.transport.tls.TransportTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The TCP side of a node: one listener, outbound dials, and for each connection the pipeline
 * {@code frame decoder → frame encoder → handshake handler}, whose handshake handler is replaced by a
 * {@link ConnectionHandler} once the peer is authenticated. Unauthenticated inbound connections are
 * bounded in number, in total and per source ({@link PendingHandshakes}), and in time
 * ({@code handshakeTimeout}). Nothing an unauthenticated peer sends becomes a map key, a meter or a
 * log key: failures are counted and logged by {@link Reason}, a closed set.
 */
public final class Transport implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Transport.class);

	private static final AttributeKey<Dial> DIAL = AttributeKey.valueOf(Transport.class, "dial");

	// What a connection may buffer for a peer that reads slower than we write: past the high mark the
	// channel is unwritable and sends are refused rather than queued without bound.
	private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

	private final TransportSettings settings;

	private final ConnectionListener listener;

	private final Admission admission;

	private final EventLoopGroup group;

	private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

	private final PendingHandshakes pending;

	private final TransportObserver observer;

	private final List<Function<PeerConnection, ChannelHandler>> features;

	private final LongAdder rejectedFrames = new LongAdder();

	private final Heartbeats heartbeats;

	private final Map<Reason, LongAdder> handshakeFailures = new EnumMap<>(Reason.class);

	private final RateLimitedLogger rateLimited = new RateLimitedLogger(logger, TimeUnit.SECONDS.toNanos(30));

	private volatile LocalIdentity identity;

	private Channel server;

	public Transport(TransportSettings settings, ConnectionListener listener, Admission admission) {
		this(settings, listener, admission, new TransportObserver() {
		});
	}

	public Transport(TransportSettings settings, ConnectionListener listener, Admission admission,
			TransportObserver observer) {
		this(settings, listener, admission, observer, List.of());
	}

	/**
	 * Creates the transport.
	 * @param settings the settings
	 * @param listener told of authenticated connections
	 * @param admission decides who may connect
	 * @param observer told what happens, for metrics
	 * @param features each gives a handler that every authenticated connection gets after its connection
	 * handler, for the frame types a feature serves (read as connections form, so it may grow)
	 */
	public Transport(TransportSettings settings, ConnectionListener listener, Admission admission,
			TransportObserver observer, List<Function<PeerConnection, ChannelHandler>> features) {
		this.features = features;
		this.settings = settings;
		this.heartbeats = new Heartbeats(settings.heartbeatInterval().toNanos(), settings.heartbeatTimeout().toNanos());
		this.observer = new TransportObserver() {

			@Override
			public void handshakeFailed(Reason reason) {
				observer.handshakeFailed(reason);
			}

			@Override
			public void frameRejected() {
				Transport.this.rejectedFrames.increment();
				observer.frameRejected();
			}

			@Override
			public void heartbeat(java.time.Duration roundTrip) {
				observer.heartbeat(roundTrip);
			}

		};
		this.listener = listener;
		this.admission = admission;
		this.pending = new PendingHandshakes(settings.maxPendingHandshakes(), settings.maxPendingHandshakesPerSource());
		for (Reason reason : Reason.values()) {
			this.handshakeFailures.put(reason, new LongAdder());
		}
		this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("cluster-io", true),
				NioIoHandler.newFactory());
	}

	/**
	 * Starts listening on the first free port of the configured range.
	 * @return the bound address
	 * @throws BindException if no port of the range is free
	 */
	public InetSocketAddress bind() throws BindException {
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_REUSEADDR, true)
			.option(ChannelOption.SO_BACKLOG, 256)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.SO_KEEPALIVE, true)
			.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
			.childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, MessageSizes.INSTANCE)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					initInbound(channel);
				}
			});
		Throwable last = null;
		for (int port = this.settings.firstPort(); port <= this.settings.lastPort(); port++) {
			InetSocketAddress address = (this.settings.bindAddress() != null)
					? new InetSocketAddress(this.settings.bindAddress(), port) : new InetSocketAddress(port);
			ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
			if (future.isSuccess()) {
				this.server = future.channel();
				return (InetSocketAddress) this.server.localAddress();
			}
			last = future.cause();
		}
		String range = (this.settings.firstPort() == this.settings.lastPort()) ? "port " + this.settings.firstPort()
				: "ports " + this.settings.firstPort() + "-" + this.settings.lastPort();
		BindException failure = new BindException("Cannot listen on " + range + " at "
				+ ((this.settings.bindAddress() != null) ? this.settings.bindAddress() : "all interfaces")
				+ ((last != null) ? ": " + last.getMessage() : ""));
		if (last != null) {
			failure.initCause(last);
		}
		throw failure;
	}

	/**
	 * Sets who this node is. Inbound handshakes are refused until it is set.
	 * @param identity the identity
	 */
	public void identity(LocalIdentity identity) {
		this.identity = identity;
	}

	/**
	 * Dials a peer and runs the handshake. The host must be resolved already: a name is never
	 * resolved here, since resolving can block and this runs on threads that also carry heartbeats.
	 * @param address the address the peer is known by
	 * @param ip the IP address of {@code address}'s host
	 * @return completes with the authenticated connection, or fails with a
	 * {@link HandshakeFailedException} whose reason is {@link Reason#UNREACHABLE} when TCP could not
	 * connect
	 */
	public CompletableFuture<PeerConnection> dial(PeerAddress address, InetAddress ip) {
		Dial dial = new Dial(address, new CompletableFuture<>());
		LocalIdentity local = this.identity;
		if (local == null) {
			// Not started, or stopped meanwhile: a handshake cannot say who this node is.
			return CompletableFuture.failedFuture(new HandshakeFailedException(Reason.SHUTDOWN, "this node is not running"));
		}
		Bootstrap bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_KEEPALIVE, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.settings.handshakeTimeout().toMillis())
			.option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
			.option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, MessageSizes.INSTANCE)
			.attr(DIAL, dial)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					track(channel);
					TransportTls tls = Transport.this.settings.tls();
					initPipeline(channel, (tls != null) ? tls.dialHandler(channel.alloc(), address.host(), address.port())
							: null, new DialerHandshakeHandler(local, Transport.this.admission,
									Transport.this.settings.handshakeTimeout(), new Outcome(true)));
				}
			});
		// Dial from the listener's address, so that the peer sees (and gossips) the address we listen on;
		// only for a peer of the same address family, which a socket bound to that address can reach.
		InetSocketAddress remote = new InetSocketAddress(ip, address.port());
		String bind = this.settings.bindAddress();
		ChannelFuture connecting = (bind != null && !isWildcard(bind) && sameFamily(bind, ip))
				? bootstrap.connect(remote, new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(bind), 0))
				: bootstrap.connect(remote);
		connecting.addListener((ChannelFuture connect) -> {
			if (!connect.isSuccess()) {
				Throwable cause = connect.cause();
				dial.result.completeExceptionally(new HandshakeFailedException(Reason.UNREACHABLE,
						(cause != null) ? cause.getMessage() : "connect failed"));
			}
		});
		return dial.result;
	}

	/**
	 * How many handshakes failed, in either direction.
	 * @param reason why
	 * @return the count
	 */
	public long handshakeFailures(Reason reason) {
		return this.handshakeFailures.get(reason).sum();
	}

	/**
	 * Closes every connection, authenticated or not, and keeps listening: for a node that leaves the
	 * cluster but may join again. Whatever did not close after its goodbye closes now.
	 */
	public void closeConnections() {
		for (Channel channel : this.channels) {
			channel.close();
		}
	}

	/**
	 * How many frames failed their authentication after a handshake (each closed its connection).
	 * @return the count
	 */
	public long rejectedFrames() {
		return this.rejectedFrames.sum();
	}

	/**
	 * How many inbound connections have not completed their handshake.
	 * @return the count, at most {@code maxPendingHandshakes}
	 */
	public int pendingHandshakes() {
		return this.pending.size();
	}

	private static boolean sameFamily(String bind, InetAddress target) {
		return (NetUtil.isValidIpV4Address(bind) && target instanceof java.net.Inet4Address)
				|| (NetUtil.isValidIpV6Address(bind) && target instanceof java.net.Inet6Address);
	}

	private static boolean isWildcard(String address) {
		return "0.0.0.0".equals(address) || "::".equals(address) || "0:0:0:0:0:0:0:0".equals(address);
	}

	private void initInbound(SocketChannel channel) {
		track(channel);
		LocalIdentity local = this.identity;
		if (local == null) {
			channel.close();
			return;
		}
		InetAddress source = channel.remoteAddress().getAddress();
		PendingHandshakes.Decision decision = this.pending.admit(channel, source);
		if (decision instanceof PendingHandshakes.Decision.Refused refused) {
			refuseBusy(channel, refused.limit());
			return;
		}
		channel.closeFuture().addListener((f) -> this.pending.release(channel, source));
		initPipeline(channel, (this.settings.tls() != null) ? new TlsDetector(this.settings.tls()) : null,
				new ListenerHandshakeHandler(local, this.admission, this.settings.handshakeTimeout(),
						new Outcome(false)));
		Channel evicted = ((PendingHandshakes.Decision.Admitted) decision).evicted();
		if (evicted != null) {
			evicted.eventLoop().execute(() -> {
				ListenerHandshakeHandler handshake = evicted.pipeline().get(ListenerHandshakeHandler.class);
				if (handshake != null) {
					handshake.refuse(Reason.BUSY, "made room for " + remote(channel)
							+ " (cluster.transport.max-pending-handshakes)");
				}
			});
		}
	}

	// Told to the dialler, so that it logs why rather than a bare closed connection.
	private void refuseBusy(SocketChannel channel, PendingHandshakes.Limit limit) {
		countFailure(Reason.BUSY);
		String property = (limit == PendingHandshakes.Limit.PER_SOURCE)
				? "cluster.transport.max-pending-handshakes-per-source"
				: "cluster.transport.max-pending-handshakes";
		int max = (limit == PendingHandshakes.Limit.PER_SOURCE) ? this.settings.maxPendingHandshakesPerSource()
				: this.settings.maxPendingHandshakes();
		this.rateLimited.warn(Reason.BUSY.id() + ":" + limit, "Refused a connection from {}: {} unauthenticated "
				+ "connections are open already ({})", remote(channel), max, property);
		if (this.settings.tls() != null) {
			// A TLS dialler could read no plaintext answer, and would take one for a peer without TLS.
			channel.close();
			return;
		}
		channel.pipeline().addLast("encoder", new FrameEncoder());
		channel.write(Unpooled.wrappedBuffer(Protocol.preface()));
		channel.writeAndFlush(new Message.Reject(Reason.BUSY.id())).addListener(ChannelFutureListener.CLOSE);
	}

	// The one pipeline of both directions: TLS if configured, framing, then the handshake, which
	// replaces itself with a ConnectionHandler once the peer is authenticated. Flushes are consolidated
	// because every send is a writeAndFlush: a burst of messages then costs a few write(2) calls (and
	// TLS records) rather than one each.
	private static void initPipeline(Channel channel, ChannelHandler tls, ChannelHandler handshake) {
		if (tls instanceof SslHandler) {
			channel.pipeline().addLast("plaintext-answer", new PlaintextAnswerDetector());
		}
		if (tls != null) {
			channel.pipeline().addLast("tls", tls);
		}
		channel.pipeline()
			.addLast("flushes", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
			.addLast("frames", new FrameDecoder())
			.addLast("encoder", new FrameEncoder())
			.addLast("handshake", handshake);
	}

	private void track(Channel channel) {
		this.channels.add(channel);
		channel.closeFuture().addListener((f) -> this.channels.remove(channel));
	}

	private void countFailure(Reason reason) {
		this.handshakeFailures.get(reason).increment();
		this.observer.handshakeFailed(reason);
	}

	private static String remote(Channel channel) {
		SocketAddress address = channel.remoteAddress();
		if (address instanceof InetSocketAddress inet) {
			return inet.getAddress().getHostAddress() + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
		}
		for (Channel channel : this.channels) {
			channel.close();
		}
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	private record Dial(PeerAddress address, CompletableFuture<PeerConnection> result) {
	}

	private final class Outcome implements HandshakeOutcome {

		private final boolean outbound;

		Outcome(boolean outbound) {
			this.outbound = outbound;
		}

		@Override
		public void succeeded(ChannelHandlerContext ctx, PeerIdentity peer) {
			Channel channel = ctx.channel();
			Dial dial = channel.attr(DIAL).get();
			PeerAddress address = this.outbound ? dial.address()
					: new PeerAddress(((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress(),
							peer.listenPort());
			// Only a TLS node looks for the handler: the lookup would load Netty's TLS classes on every node.
			SslHandler tls = (Transport.this.settings.tls() != null) ? channel.pipeline().get(SslHandler.class) : null;
			PeerConnection connection = new PeerConnection(channel, peer, this.outbound, address,
					(tls != null) ? TlsSessions.of(tls.engine().getSession()) : null);
			FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
			decoder.maxFrameSize(Transport.this.settings.maxFrameSize());
			decoder.version(peer.version());
			channel.pipeline().replace(ctx.handler(), "connection", new ConnectionHandler(connection,
					Transport.this.listener, Transport.this.observer, Transport.this.heartbeats));
			for (Function<PeerConnection, ChannelHandler> feature : Transport.this.features) {
				channel.pipeline().addLast(feature.apply(connection));
			}
			if (!this.outbound) {
				Transport.this.pending.release(channel, ((InetSocketAddress) channel.remoteAddress()).getAddress());
			}
			Transport.this.listener.connected(connection);
			if (dial != null) {
				dial.result().complete(connection);
			}
		}

		@Override
		public void failed(Channel channel, HandshakeFailedException failure) {
			countFailure(failure.reason());
			if (this.outbound) {
				channel.attr(DIAL).get().result().completeExceptionally(failure);
				return;
			}
			// One log key per reason, whatever the number of sources: a flood from many addresses
			// logs a line per reason and interval, naming the latest source and counting the rest.
			switch (failure.reason()) {
				case SELF -> logger.debug("Inbound handshake from {} ended: {}", remote(channel),
						failure.getMessage());
				case BAD_COOKIE -> Transport.this.rateLimited.warn(failure.reason().id(),
						"Refused a connection from {}: it does not know this cluster's cookie "
								+ "(compare the cookie fingerprints on /actuator/cluster)",
						remote(channel));
				default -> Transport.this.rateLimited.warn(failure.reason().id(), "Inbound handshake from {} failed: {}",
						remote(channel), failure.getMessage());
			}
		}

	}

}
