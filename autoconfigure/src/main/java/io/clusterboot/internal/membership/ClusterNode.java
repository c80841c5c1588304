package io.clusterboot.internal.membership;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.netty.channel.ChannelHandler;
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.CertificateSummary;
import io.clusterboot.Cluster;
import io.clusterboot.ClusterListener;
import io.clusterboot.DiscoveryStatus;
import io.clusterboot.Member;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.NodeUpEvent;
import io.clusterboot.Reason;
import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;
import io.clusterboot.internal.RateLimitedLogger;
import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.node.Cookies;
import io.clusterboot.internal.transport.ConnectionListener;
import io.clusterboot.internal.transport.PeerConnection;
import io.clusterboot.internal.transport.Transport;
import io.clusterboot.internal.transport.tls.TransportTls;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.handshake.HandshakeFailedException;
import io.clusterboot.internal.transport.handshake.LocalIdentity;

/**
 * A cluster node: the listener, and while it runs, the discovery task and the peer table with the
 * threads they need (a fixed number, whatever the number of peers): I/O threads, one membership
 * thread that owns all peer state, one discovery thread (so a slow DNS server never delays
 * heartbeats), and one thread for listeners. All are daemon threads.
 * <p>
 * Its name is known from construction, except with a port range, where the name carries the port and
 * is known once {@link #bind()} has run. It can be started and stopped any number of times: each
 * start is a new incarnation, as a restarted process would be; {@link #close()} ends it for good.
 */
public final class ClusterNode implements Cluster, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ClusterNode.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ClusterSettings settings;

	private final Cookies cookies;

	private final PeerDiscovery discovery;

	private final HostResolver hostResolver;

	private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

	private final RateLimitedLogger discoveryWarnings = new RateLimitedLogger(logger, TimeUnit.MINUTES.toNanos(1));

	private final LongAdder discoveryErrors = new LongAdder();

	private final Map<String, Long> dialOutcomes = new ConcurrentHashMap<>();

	private volatile Transport transport;

	private volatile NodeName self;

	private volatile InetSocketAddress boundAddress;

	private volatile DiscoveryStatus discoveryStatus;

	private volatile Session session;

	private volatile ClusterObserver observer = ClusterObserver.NONE;

	private final List<Function<PeerConnection, ChannelHandler>> features = new CopyOnWriteArrayList<>();

	// Handed to the transport and the peer table once; it always tells the current observer.
	private final ClusterObserver observers = new ClusterObserver() {

		@Override
		public void dialed(Reason failure) {
			ClusterNode.this.observer.dialed(failure);
		}

		@Override
		public void handshakeFailed(Reason reason) {
			ClusterNode.this.observer.handshakeFailed(reason);
		}

		@Override
		public void heartbeat(Duration roundTrip) {
			ClusterNode.this.observer.heartbeat(roundTrip);
		}

		@Override
		public void frameRejected() {
			ClusterNode.this.observer.frameRejected();
		}

		@Override
		public void discovered(Duration took, boolean failed) {
			ClusterNode.this.observer.discovered(took, failed);
		}

	};

	private boolean watching;

	private boolean closed;

	public ClusterNode(ClusterSettings settings, Cookie cookie, PeerDiscovery discovery) {
		this(settings, Cookies.of(cookie), discovery, HostResolver.SYSTEM);
	}

	public ClusterNode(ClusterSettings settings, Cookies cookies, PeerDiscovery discovery) {
		this(settings, cookies, discovery, HostResolver.SYSTEM);
	}

	ClusterNode(ClusterSettings settings, Cookie cookie, PeerDiscovery discovery, HostResolver hostResolver) {
		this(settings, Cookies.of(cookie), discovery, hostResolver);
	}

	ClusterNode(ClusterSettings settings, Cookies cookies, PeerDiscovery discovery, HostResolver hostResolver) {
		this.settings = settings;
		this.cookies = cookies;
		this.discovery = discovery;
		this.hostResolver = hostResolver;
		this.discoveryStatus = new DiscoveryStatus(discovery.name(), null, null, Set.of(), null);
		if (!settings.portInName()) {
			this.self = new NodeName(settings.basename(), settings.host());
		}
	}

	/**
	 * Binds the listener, if it is not bound yet. Connections are refused until {@link #start()}.
	 * @return the bound address
	 * @throws BindException if the listener cannot bind
	 */
	public synchronized InetSocketAddress bind() throws BindException {
		if (this.closed) {
			throw new IllegalStateException("The cluster node is closed");
		}
		if (this.transport == null) {
			Transport bound = new Transport(this.settings.transport(), new Events(), (peer, incarnation) -> {
				Session current = this.session;
				return (current != null) ? current.membership.refusal(peer, incarnation) : Reason.STARTING;
			}, this.observers, this.features);
			try {
				this.boundAddress = bound.bind();
			}
			catch (BindException ex) {
				bound.close();
				throw ex;
			}
			this.transport = bound;
			if (this.settings.portInName()) {
				this.self = new NodeName(this.settings.basename() + "-" + this.boundAddress.getPort(),
						this.settings.host());
			}
		}
		return this.boundAddress;
	}

	/**
	 * Binds the listener if needed, then joins the cluster: the first discovery round runs at once.
	 * Does nothing if the node runs already.
	 * @return this node
	 * @throws BindException if the listener cannot bind
	 */
	public synchronized ClusterNode start() throws BindException {
		if (this.session != null) {
			return this;
		}
		bind();
		long incarnation = RANDOM.nextLong();
		int port = this.boundAddress.getPort();
		PeerAddress selfAddress = new PeerAddress(this.boundAddress.getAddress().getHostAddress(), port);
		// The identity first: the session's first discovery round dials at once, and a dial needs it.
		this.transport.identity(new LocalIdentity(this.self, incarnation, port, this.cookies));
		this.session = new Session(selfAddress, incarnation);
		announce(selfAddress);
		if (!this.watching) {
			this.watching = true;
			this.discovery.watch(this::refresh);
		}
		return this;
	}

	/**
	 * Leaves the cluster: says {@code LEAVE} to every peer, closes the connections and stops the
	 * threads. The listener stays bound, refusing handshakes, so the node keeps its name; it may be
	 * started again.
	 */
	public synchronized void stop() {
		Session stopping = this.session;
		if (stopping == null) {
			return;
		}
		this.transport.identity(null);
		stopping.leave();
		this.session = null;
		stopping.shutdown();
		// A peer that stopped reading never lets LEAVE out, and a connection that formed meanwhile may
		// have been queued for the stopped session: neither may outlive it.
		this.transport.closeConnections();
		logger.info("Cluster node {} left the cluster", this.self);
	}

	/**
	 * Whether the node has joined the cluster.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public boolean isRunning() {
		return this.session != null;
	}

	// The cookie's fingerprint is slow on purpose (PBKDF2, about half a second of CPU), so computing it
	// here would hold up the application's start-up by as much; a short-lived thread logs the line
	// once the fingerprint is ready, while the node already listens and dials.
	private void announce(PeerAddress selfAddress) {
		NodeName name = this.self;
		CertificateSummary certificate = tlsCertificate();
		String transport = (certificate != null)
				? "mutual TLS as " + certificate.subject() + ", valid until " + certificate.notAfter() : "plaintext";
		Thread announcer = new Thread(() -> logger.info("Cluster node {} listening on {} (discovery: {}, cookie {}, {})",
				name, selfAddress, this.discovery.name(), fingerprints(), transport), "cluster-fingerprint");
		announcer.setDaemon(true);
		announcer.start();
	}

	@Override
	public NodeName self() {
		return this.self;
	}

	/**
	 * The address the listener is bound to.
	 * @return the address, or {@code null} before {@link #bind()}
	 */
	public InetSocketAddress boundAddress() {
		return this.boundAddress;
	}

	@Override
	public List<Member> peers() {
		Session current = this.session;
		return (current != null) ? current.membership.view().members(Instant.now()) : List.of();
	}

	@Override
	public DiscoveryStatus discovery() {
		return this.discoveryStatus;
	}

	@Override
	public String cookieFingerprint() {
		return this.cookies.primary().fingerprint();
	}

	@Override
	public List<String> acceptedCookieFingerprints() {
		return this.cookies.all().stream().skip(1).map(Cookie::fingerprint).toList();
	}

	@Override
	public CertificateSummary tlsCertificate() {
		TransportTls tls = this.settings.transport().tls();
		return (tls != null) ? tls.certificate() : null;
	}

	// The primary's, then "also accepting" the others': all computed here, off the start-up path.
	private String fingerprints() {
		List<String> accepted = acceptedCookieFingerprints();
		return cookieFingerprint() + (accepted.isEmpty() ? "" : ", also accepting " + String.join(", ", accepted));
	}

	@Override
	public void addListener(ClusterListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public void removeListener(ClusterListener listener) {
		this.listeners.remove(listener);
	}

	@Override
	public void refresh() {
		Session current = this.session;
		if (current != null) {
			current.execute(current::runDiscovery);
		}
	}

	/**
	 * The connection to a peer, for whatever sends to it; read without waiting for the membership
	 * thread.
	 * @param name the peer
	 * @return its active connection, if it is connected
	 */
	public Optional<PeerConnection> connection(NodeName name) {
		Session current = this.session;
		return (current != null) ? current.membership.view().connection(name) : Optional.empty();
	}

	/**
	 * Gives every authenticated connection formed from now on a handler of a feature's, after its own:
	 * frame types the connection does not serve itself reach it. The handler is added before the
	 * handshake's last frame is written, so it must not write from {@code handlerAdded} directly (run
	 * such a write as the event loop's next task).
	 * @param feature makes the handler for a connection
	 */
	public void addConnectionFeature(Function<PeerConnection, ChannelHandler> feature) {
		this.features.add(feature);
	}

	/**
	 * Sets who is told what happens, as it happens (the metrics).
	 * @param observer the observer; {@link ClusterObserver#NONE} for nobody
	 */
	public void observe(ClusterObserver observer) {
		this.observer = observer;
	}

	/**
	 * How many authenticated connections are open.
	 * @return the count; one per connected peer once simultaneous dials have settled
	 */
	public int openConnections() {
		Session current = this.session;
		return (current != null) ? current.membership.view().openConnections() : 0;
	}

	/**
	 * How many dials ended with each outcome, since the node was created.
	 * @return outcome ({@code success}, or a {@link Reason#id()}) to count
	 */
	public Map<String, Long> connectionAttempts() {
		return this.dialOutcomes;
	}

	/**
	 * How many handshakes failed, in both directions.
	 * @param reason why
	 * @return the count; 0 before {@link #bind()}
	 */
	public long handshakeFailures(Reason reason) {
		Transport current = this.transport;
		return (current != null) ? current.handshakeFailures(reason) : 0;
	}

	/**
	 * How many frames failed their authentication after a handshake, each closing its connection.
	 * @return the count; 0 before {@link #bind()}
	 */
	public long rejectedFrames() {
		Transport current = this.transport;
		return (current != null) ? current.rejectedFrames() : 0;
	}

	/**
	 * How many inbound connections have not completed their handshake.
	 * @return the count
	 */
	public int pendingHandshakes() {
		Transport current = this.transport;
		return (current != null) ? current.pendingHandshakes() : 0;
	}

	/**
	 * How many discovery rounds failed.
	 * @return the count
	 */
	public long discoveryErrors() {
		return this.discoveryErrors.sum();
	}

	/**
	 * Leaves the cluster, closes the listener and ends discovery, for good.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		stop();
		this.closed = true;
		if (this.transport != null) {
			this.transport.close();
		}
		this.discovery.close();
		if (this.self != null) {
			logger.info("Cluster node {} stopped", this.self);
		}
	}

	private static ExecutorService daemon(String name) {
		return Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * One membership of the cluster, from a start to a stop: the peer table and the threads that
	 * serve it.
	 */
	private final class Session {

		private final ScheduledExecutorService membershipThread = Executors
			.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "cluster-membership");
				thread.setDaemon(true);
				return thread;
			});

		private final ExecutorService discoveryThread = daemon("cluster-discovery");

		private final ExecutorService eventsThread = daemon("cluster-events");

		private final AtomicBoolean discoveryRunning = new AtomicBoolean();

		private final AtomicBoolean discoveryAgain = new AtomicBoolean();

		private final Membership membership;

		private volatile boolean ending;

		private java.util.concurrent.ScheduledFuture<?> redial;

		private Instant redialAt;

		Session(PeerAddress selfAddress, long incarnation) {
			this.membership = new Membership(ClusterNode.this.self, selfAddress, incarnation,
					new Backoff(ClusterNode.this.settings.initialBackoff(), ClusterNode.this.settings.maxBackoff()),
					this::dial, this::execute, this::publish, Clock.systemUTC(), ClusterNode.this.dialOutcomes,
					ClusterNode.this.observers);
			long poll = ClusterNode.this.settings.pollInterval().toNanos();
			this.membershipThread.scheduleWithFixedDelay(this::runDiscovery, 0, poll, TimeUnit.NANOSECONDS);
		}

		/** Runs a task on the membership thread and publishes the view after it. */
		void execute(Runnable task) {
			try {
				this.membershipThread.execute(() -> {
					try {
						task.run();
						this.membership.publishView();
						scheduleRedial();
					}
					catch (RuntimeException ex) {
						logger.error("Cluster membership update failed", ex);
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// stopped
			}
		}

		// A peer in backoff is dialled when its backoff expires, not at the next poll: one timer, set to
		// the earliest due time after every change (membership thread only).
		private void scheduleRedial() {
			Instant due = this.membership.nextDue();
			if (due == null || this.ending) {
				return;
			}
			if (this.redial != null && !this.redial.isDone() && this.redialAt != null && !due.isBefore(this.redialAt)) {
				return;
			}
			if (this.redial != null) {
				this.redial.cancel(false);
			}
			this.redialAt = due;
			long delay = Math.max(0, Duration.between(Instant.now(), due).toNanos());
			this.redial = this.membershipThread.schedule(() -> {
				this.redialAt = null;
				execute(this.membership::dialDue);
			}, delay, TimeUnit.NANOSECONDS);
		}

		// A host name is resolved on the discovery thread: resolving can block for as long as a DNS
		// server does not answer, and the I/O threads that dial also carry every heartbeat.
		private CompletableFuture<PeerConnection> dial(PeerAddress address) {
			Transport transport = ClusterNode.this.transport;
			String host = address.host();
			if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
				return transport.dial(address, NetUtil.createInetAddressFromIpAddressString(host));
			}
			try {
				return CompletableFuture.supplyAsync(() -> resolve(host), this.discoveryThread)
					.thenCompose((ip) -> transport.dial(address, ip));
			}
			catch (RejectedExecutionException ex) {
				return CompletableFuture.failedFuture(new HandshakeFailedException(Reason.SHUTDOWN, "stopped"));
			}
		}

		private InetAddress resolve(String host) {
			try {
				return ClusterNode.this.hostResolver.resolve(host);
			}
			catch (UnknownHostException ex) {
				throw new HandshakeFailedException(Reason.UNRESOLVABLE, "the host name " + host + " has no address");
			}
		}

		// Runs discovery on its own thread; at most one round at a time, and a request that arrives
		// during a round runs once more after it, so no change is missed.
		private void runDiscovery() {
			if (this.ending) {
				return;
			}
			if (!this.discoveryRunning.compareAndSet(false, true)) {
				this.discoveryAgain.set(true);
				return;
			}
			PeerDiscovery discovery = ClusterNode.this.discovery;
			try {
				this.discoveryThread.execute(() -> {
					long start = System.nanoTime();
					DiscoveryResult result;
					try {
						result = discovery.discover();
					}
					catch (RuntimeException | Error ex) {
						// An Error too (a class missing from a strategy's dependencies, say): the round must
						// end, or the next one would never start.
						result = DiscoveryResult.failed(discovery.name() + " discovery failed: " + ex);
					}
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					DiscoveryResult outcome = result;
					ClusterNode.this.observers.discovered(took, result instanceof DiscoveryResult.Failed);
					execute(() -> applyDiscovery(outcome, took));
				});
			}
			catch (RejectedExecutionException ex) {
				// stopped
			}
		}

		private void applyDiscovery(DiscoveryResult result, Duration took) {
			this.discoveryRunning.set(false);
			if (this.ending) {
				return;
			}
			String name = ClusterNode.this.discovery.name();
			DiscoveryStatus previous = ClusterNode.this.discoveryStatus;
			if (result instanceof DiscoveryResult.Found found) {
				if (previous.error() != null) {
					logger.info("Discovery ({}) works again: {} addresses", name, found.addresses().size());
				}
				ClusterNode.this.discoveryStatus = new DiscoveryStatus(name, Instant.now(), took, found.addresses(),
						null);
				this.membership.discovered(found.addresses());
			}
			else if (result instanceof DiscoveryResult.Failed failed) {
				ClusterNode.this.discoveryErrors.increment();
				ClusterNode.this.discoveryWarnings.warn(failed.error(),
						"Discovery ({}) failed, keeping the last {} addresses: {}", name, previous.addresses().size(),
						failed.error());
				ClusterNode.this.discoveryStatus = new DiscoveryStatus(name, Instant.now(), took,
						previous.addresses(), failed.error());
				this.membership.dialDue();
			}
			if (this.discoveryAgain.compareAndSet(true, false)) {
				runDiscovery();
			}
		}

		// Listeners run on a thread of their own, in the order of the events: a slow or failing
		// listener delays other listeners, never membership, heartbeats or readers of the view.
		private void publish(Object event) {
			try {
				this.eventsThread.execute(() -> dispatch(event));
			}
			catch (RejectedExecutionException ex) {
				// stopped
			}
		}

		private void dispatch(Object event) {
			for (ClusterListener listener : ClusterNode.this.listeners) {
				try {
					if (event instanceof NodeUpEvent up) {
						listener.nodeUp(up);
					}
					else if (event instanceof NodeDownEvent down) {
						listener.nodeDown(down);
					}
				}
				catch (RuntimeException ex) {
					logger.warn("Cluster listener {} failed on {}", listener, event, ex);
				}
			}
		}

		/** Says {@code LEAVE} to every peer and waits, briefly, for the connections to close. */
		void leave() {
			CompletableFuture<List<CompletableFuture<Void>>> leaving = new CompletableFuture<>();
			try {
				this.membershipThread.execute(() -> leaving.complete(this.membership.leave()));
				List<CompletableFuture<Void>> closing = leaving.get(2, TimeUnit.SECONDS);
				CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
				logger.debug("Not every peer acknowledged LEAVE in time", ex);
			}
			this.ending = true;
		}

		void shutdown() {
			this.ending = true;
			this.membershipThread.shutdownNow();
			this.discoveryThread.shutdownNow();
			this.eventsThread.shutdownNow();
		}

	}

	/** Routes what happens on connections to the running session; after a stop, nothing is left to tell. */
	private final class Events implements ConnectionListener {

		@Override
		public void connected(PeerConnection connection) {
			Session current = ClusterNode.this.session;
			if (current == null) {
				connection.close(Reason.SHUTDOWN);
				return;
			}
			current.execute(() -> current.membership.connected(connection));
		}

		@Override
		public void closed(PeerConnection connection, Reason reason) {
			Session current = ClusterNode.this.session;
			if (current != null) {
				current.execute(() -> current.membership.closed(connection, reason));
			}
		}

		@Override
		public void members(PeerConnection connection, Message.Members members) {
			Session current = ClusterNode.this.session;
			if (current != null) {
				current.execute(() -> current.membership.gossip(connection, members));
			}
		}

	}

}
