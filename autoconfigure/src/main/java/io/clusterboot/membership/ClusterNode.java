package io.clusterboot.membership;

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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.Callable;

import io.netty.util.NetUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import io.clusterboot.node.Cookie;
import io.clusterboot.transport.ConnectionListener;
import io.clusterboot.transport.PeerConnection;
import io.clusterboot.transport.Transport;
import io.clusterboot.transport.codec.Message;
import io.clusterboot.transport.handshake.HandshakeFailedException;
import io.clusterboot.transport.handshake.LocalIdentity;

/**
 * A running cluster node: the transport, the discovery task and the peer table, with the threads
 * they need (a fixed number, whatever the number of peers): I/O threads, one membership thread that
 * owns all peer state, and one discovery thread, so a slow DNS server never delays heartbeats or
 * events. All are daemon threads, stopped by {@link #close()}.
 */
public final class ClusterNode implements Cluster, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ClusterNode.class);

	private final ClusterSettings settings;

	private final Cookie cookie;

	private final PeerDiscovery discovery;

	private final HostResolver hostResolver;

	private final long incarnation = new SecureRandom().nextLong();

	private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService membershipThread;

	private final ExecutorService discoveryThread;

	private final ExecutorService eventsThread;

	private final RateLimitedLogger discoveryWarnings = new RateLimitedLogger(logger, TimeUnit.MINUTES.toNanos(1));

	private final AtomicBoolean discoveryRunning = new AtomicBoolean();

	private final AtomicBoolean discoveryAgain = new AtomicBoolean();

	private final LongAdder discoveryErrors = new LongAdder();

	private volatile Transport transport;

	private volatile Membership membership;

	private volatile NodeName self;

	private volatile InetSocketAddress boundAddress;

	private volatile DiscoveryStatus discoveryStatus;

	private volatile boolean closed;

	private ScheduledFuture<?> poller;

	private Thread membershipThreadRef;

	public ClusterNode(ClusterSettings settings, Cookie cookie, PeerDiscovery discovery) {
		this(settings, cookie, discovery, HostResolver.SYSTEM);
	}

	ClusterNode(ClusterSettings settings, Cookie cookie, PeerDiscovery discovery, HostResolver hostResolver) {
		this.settings = settings;
		this.cookie = cookie;
		this.discovery = discovery;
		this.hostResolver = hostResolver;
		this.membershipThread = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cluster-membership");
			thread.setDaemon(true);
			this.membershipThreadRef = thread;
			return thread;
		});
		this.discoveryThread = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cluster-discovery");
			thread.setDaemon(true);
			return thread;
		});
		this.eventsThread = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cluster-events");
			thread.setDaemon(true);
			return thread;
		});
		this.discoveryStatus = new DiscoveryStatus(discovery.name(), null, null, Set.of(), null);
	}

	/**
	 * Binds the listener, then starts discovery: the first round runs at once.
	 * @return this node
	 * @throws BindException if the listener cannot bind
	 */
	public ClusterNode start() throws BindException {
		this.transport = new Transport(this.settings.transport(), new Events(), (peer, incarnation, dialling) -> {
			Membership current = this.membership;
			return (current != null) ? current.refusal(peer, incarnation, dialling) : Reason.STARTING;
		});
		try {
			this.boundAddress = this.transport.bind();
		}
		catch (BindException ex) {
			shutdownThreads();
			throw ex;
		}
		int port = this.boundAddress.getPort();
		String basename = this.settings.portInName() ? this.settings.basename() + "-" + port : this.settings.basename();
		this.self = new NodeName(basename, this.settings.host());
		PeerAddress selfAddress = new PeerAddress(this.boundAddress.getAddress().getHostAddress(), port);
		this.membership = new Membership(this.self, selfAddress, this.incarnation,
				new Backoff(this.settings.initialBackoff(), this.settings.maxBackoff()), this::dial,
				this.membershipThread, this::publish, Clock.systemUTC());
		this.transport.identity(new LocalIdentity(this.self, this.incarnation, port, this.cookie));
		announce(selfAddress);
		long poll = this.settings.pollInterval().toNanos();
		this.poller = this.membershipThread.scheduleWithFixedDelay(this::runDiscovery, 0, poll, TimeUnit.NANOSECONDS);
		this.discovery.watch(this::refresh);
		return this;
	}

	// A host name is resolved on the discovery thread: resolving can block for as long as a DNS
	// server does not answer, and the I/O threads that dial also carry every heartbeat.
	private CompletableFuture<PeerConnection> dial(PeerAddress address) {
		String host = address.host();
		if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
			return this.transport.dial(address, NetUtil.createInetAddressFromIpAddressString(host));
		}
		try {
			return CompletableFuture.supplyAsync(() -> resolve(host), this.discoveryThread)
				.thenCompose((ip) -> this.transport.dial(address, ip));
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.failedFuture(new HandshakeFailedException(Reason.SHUTDOWN, "closed"));
		}
	}

	private InetAddress resolve(String host) {
		try {
			return this.hostResolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			throw new HandshakeFailedException(Reason.UNREACHABLE, "cannot resolve " + host);
		}
	}

	// The cookie's fingerprint is slow on purpose (PBKDF2, about half a second of CPU), so computing it
	// here would hold up the application's start-up by as much; a short-lived thread logs the line
	// once the fingerprint is ready, while the node already listens and dials.
	private void announce(PeerAddress selfAddress) {
		NodeName name = this.self;
		Thread announcer = new Thread(() -> logger.info("Cluster node {} listening on {} (discovery: {}, cookie {})", name,
				selfAddress, this.discovery.name(), this.cookie.fingerprint()), "cluster-fingerprint");
		announcer.setDaemon(true);
		announcer.start();
	}

	@Override
	public NodeName self() {
		return this.self;
	}

	/**
	 * The address the listener is bound to.
	 * @return the address
	 */
	public InetSocketAddress boundAddress() {
		return this.boundAddress;
	}

	@Override
	public List<Member> members() {
		Membership current = this.membership;
		return (current != null) ? current.view().members(Instant.now()) : List.of();
	}

	@Override
	public DiscoveryStatus discovery() {
		return this.discoveryStatus;
	}

	@Override
	public String cookieFingerprint() {
		return this.cookie.fingerprint();
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
		try {
			this.membershipThread.execute(this::runDiscovery);
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
	}

	/**
	 * How many authenticated connections are open.
	 * @return the count; one per connected peer once simultaneous dials have settled
	 */
	public int openConnections() {
		Membership current = this.membership;
		return (current != null) ? current.view().openConnections() : 0;
	}

	/**
	 * How many dials ended with each outcome; empty before {@link #start()}.
	 * @return outcome ({@code success}, {@code unreachable}, {@code bad-cookie}, …) to count
	 */
	public Map<String, Long> connectionAttempts() {
		Membership current = this.membership;
		return (current != null) ? current.dialOutcomes() : Map.of();
	}

	/**
	 * How many handshakes failed, in both directions.
	 * @param reason why
	 * @return the count; 0 before {@link #start()}
	 */
	public long handshakeFailures(Reason reason) {
		Transport current = this.transport;
		return (current != null) ? current.handshakeFailures(reason) : 0;
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

	// Runs discovery on its own thread; at most one round at a time, and a request that arrives
	// during a round runs once more after it, so no change is missed.
	private void runDiscovery() {
		if (this.closed) {
			return;
		}
		if (!this.discoveryRunning.compareAndSet(false, true)) {
			this.discoveryAgain.set(true);
			return;
		}
		this.discoveryThread.execute(() -> {
			long start = System.nanoTime();
			DiscoveryResult result;
			try {
				result = this.discovery.discover();
			}
			catch (RuntimeException | Error ex) {
				// An Error too (a class missing from a strategy's dependencies, say): the round must end,
				// or the next one would never start.
				result = DiscoveryResult.failed(this.discovery.name() + " discovery failed: " + ex);
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			DiscoveryResult outcome = result;
			try {
				this.membershipThread.execute(() -> applyDiscovery(outcome, took));
			}
			catch (RejectedExecutionException ex) {
				// closed while this round ran: nothing left to apply it to
			}
		});
	}

	private void applyDiscovery(DiscoveryResult result, Duration took) {
		this.discoveryRunning.set(false);
		if (this.closed) {
			return;
		}
		DiscoveryStatus previous = this.discoveryStatus;
		if (result instanceof DiscoveryResult.Found found) {
			if (previous.error() != null) {
				logger.info("Discovery ({}) works again: {} addresses", this.discovery.name(), found.addresses().size());
			}
			this.discoveryStatus = new DiscoveryStatus(this.discovery.name(), Instant.now(), took, found.addresses(),
					null);
			this.membership.discovered(found.addresses());
			this.membership.publishView();
		}
		else if (result instanceof DiscoveryResult.Failed failed) {
			this.discoveryErrors.increment();
			this.discoveryWarnings.warn(failed.error(), "Discovery ({}) failed, keeping the last {} addresses: {}",
					this.discovery.name(), previous.addresses().size(), failed.error());
			this.discoveryStatus = new DiscoveryStatus(this.discovery.name(), Instant.now(), took,
					previous.addresses(), failed.error());
			this.membership.dialDue();
			this.membership.publishView();
		}
		if (this.discoveryAgain.compareAndSet(true, false)) {
			runDiscovery();
		}
	}

	// Listeners run on a thread of their own, in the order of the events: a slow or failing listener
	// delays other listeners, never membership, heartbeats or readers of the view.
	private void publish(Object event) {
		try {
			this.eventsThread.execute(() -> dispatch(event));
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
	}

	private void dispatch(Object event) {
		for (ClusterListener listener : this.listeners) {
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

	private <T> T onMembershipThread(Callable<T> task, T whenClosed) {
		if (this.membership == null) {
			return whenClosed;
		}
		try {
			if (Thread.currentThread() == this.membershipThreadRef) {
				return task.call();
			}
			return this.membershipThread.submit(task).get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return whenClosed;
		}
		catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
			if (this.closed) {
				return whenClosed;
			}
			throw new IllegalStateException("The cluster membership thread did not answer", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Says {@code LEAVE} to every peer, closes the connections and the listener, and stops the threads.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		if (this.membership != null) {
			List<CompletableFuture<Void>> leaving = onMembershipThread(() -> this.membership.leave(), List.of());
			this.closed = true;
			try {
				CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.debug("Not every peer acknowledged LEAVE in time", ex);
			}
		}
		this.closed = true;
		if (this.poller != null) {
			this.poller.cancel(false);
		}
		if (this.transport != null) {
			this.transport.close();
		}
		this.discovery.close();
		shutdownThreads();
		if (this.self != null) {
			logger.info("Cluster node {} stopped", this.self);
		}
	}

	private void shutdownThreads() {
		this.membershipThread.shutdownNow();
		this.discoveryThread.shutdownNow();
		this.eventsThread.shutdownNow();
	}

	private final class Events implements ConnectionListener {

		@Override
		public void connected(PeerConnection connection) {
			execute(() -> ClusterNode.this.membership.connected(connection));
		}

		@Override
		public void closed(PeerConnection connection, Reason reason) {
			execute(() -> ClusterNode.this.membership.closed(connection, reason));
		}

		@Override
		public void members(PeerConnection connection, Message.Members members) {
			execute(() -> ClusterNode.this.membership.gossip(connection, members));
		}

		private void execute(Runnable task) {
			try {
				ClusterNode.this.membershipThread.execute(() -> {
					try {
						task.run();
						ClusterNode.this.membership.publishView();
					}
					catch (RuntimeException ex) {
						logger.error("Cluster membership update failed", ex);
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// shutting down
			}
		}

	}

}
