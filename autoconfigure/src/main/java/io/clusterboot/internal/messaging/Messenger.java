package io.clusterboot.internal.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.ClusterListener;
import io.clusterboot.Member;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeName;
import io.clusterboot.internal.RateLimitedLogger;
import io.clusterboot.internal.Untrusted;
import io.clusterboot.internal.membership.ClusterNode;
import io.clusterboot.internal.transport.PeerConnection;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.Protocol;
import io.clusterboot.messaging.ClusterGroups;
import io.clusterboot.messaging.ClusterMessageContext;
import io.clusterboot.messaging.ClusterMessaging;
import io.clusterboot.messaging.ClusterMessagingException;
import io.clusterboot.messaging.MessagingFailure;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Messaging over the node's authenticated connections. Sends go straight to the connection (refused,
 * not queued, when it is saturated); what arrives is handed to listeners on a pool, one sender's
 * messages in order; a sender that outpaces its listeners is read no further until they catch up.
 */
public final class Messenger implements ClusterMessaging {

	private static final Logger logger = LoggerFactory.getLogger(Messenger.class);

	private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._:/\\-]{1,100}");

	// Frame bytes around a payload: type, topic (2 + 100), kind, length, request id, status, tag.
	private static final int OVERHEAD = 1 + 102 + 1 + 4 + 8 + 1;

	/** Topics that start with this are ClusterBoot's own, such as the whole-cluster view's. */
	public static final String RESERVED_PREFIX = "clusterboot.";

	private static final int REPLY_OK = 0;

	private static final int REPLY_NO_LISTENER = 1;

	private static final int REPLY_ERROR = 2;

	// What one sender's messages may hold in memory while they wait for listeners: past this, the
	// connection is read no further (TCP pushes back, and the sender's sends are refused as saturated).
	private static final long PAUSE_AT_BYTES = 4L * 1024 * 1024;

	private static final long RESUME_AT_BYTES = 1024L * 1024;

	// Counted for every waiting message besides its payload, so that a flood of empty ones is bounded too.
	private static final int PER_MESSAGE_BYTES = 256;

	private final ClusterNode node;

	private final PayloadCodec codec;

	private final Executor pool;

	private final Duration defaultTimeout;

	private final int maxFrameSize;

	private final Map<String, Listener> listeners = new ConcurrentHashMap<>();

	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final Groups groups = new Groups();

	private volatile MessagingObserver observer = MessagingObserver.NONE;

	private final RateLimitedLogger warnings = new RateLimitedLogger(logger, TimeUnit.SECONDS.toNanos(30));

	/**
	 * Creates the messenger and attaches it to the node's connections, present and future.
	 * @param node the node
	 * @param codec converts payloads
	 * @param pool where listeners run (never an I/O or membership thread)
	 * @param defaultTimeout the timeout of a request that names none
	 * @param maxFrameSize the largest frame the transport accepts
	 */
	public Messenger(ClusterNode node, PayloadCodec codec, Executor pool, Duration defaultTimeout, int maxFrameSize) {
		this.node = node;
		this.codec = codec;
		this.pool = pool;
		this.defaultTimeout = defaultTimeout;
		this.maxFrameSize = maxFrameSize;
		node.addConnectionFeature(this::handlerFor);
		// Not a ClusterListener itself: as a bean it would be handed to the node it needs to be built.
		node.addListener(new ClusterListener() {
			@Override
			public void nodeDown(NodeDownEvent event) {
				failPending(event);
			}
		});
	}

	/**
	 * Registers what answers a topic.
	 * @param topic the topic
	 * @param listener the listener
	 * @throws IllegalStateException if the topic has a listener already
	 */
	public void register(String topic, Listener listener) {
		if (topic != null && topic.startsWith(RESERVED_PREFIX)) {
			throw new IllegalArgumentException("The topic '" + topic + "' is reserved: topics starting with '"
					+ RESERVED_PREFIX + "' are ClusterBoot's own; choose another name");
		}
		add(topic, listener);
	}

	/**
	 * Registers a listener of ClusterBoot's own, on a topic under {@link #RESERVED_PREFIX}; it is left
	 * out of {@link #topics()}.
	 * @param topic the topic
	 * @param listener the listener
	 */
	public void registerReserved(String topic, Listener listener) {
		if (!topic.startsWith(RESERVED_PREFIX)) {
			throw new IllegalArgumentException("'" + topic + "' is not a reserved topic");
		}
		add(topic, listener);
	}

	private void add(String topic, Listener listener) {
		requireTopic(topic, null);
		Listener previous = this.listeners.putIfAbsent(topic, listener);
		if (previous != null) {
			throw new IllegalStateException("Two cluster message listeners for the topic '" + topic + "': " + previous
					+ " and " + listener);
		}
	}

	/**
	 * Sets who is told of messages as they happen (the metrics).
	 * @param observer the observer
	 */
	public void observe(MessagingObserver observer) {
		this.observer = observer;
	}

	@Override
	public java.util.Set<String> topics() {
		java.util.Set<String> topics = new java.util.TreeSet<>(this.listeners.keySet());
		topics.removeIf((topic) -> topic.startsWith(RESERVED_PREFIX));
		return java.util.Collections.unmodifiableSet(topics);
	}

	@Override
	public ClusterGroups groups() {
		return this.groups;
	}

	@Override
	public void send(NodeName node, String topic, Object payload) {
		try {
			requireTopic(topic, node);
			PeerConnection connection = connection(node, topic);
			PayloadCodec.Payload encoded = encode(payload, node, topic);
			write(connection, new Message.Data(topic, encoded.kind(), encoded.bytes()), node, topic);
			this.observer.sent(topic);
		}
		catch (ClusterMessagingException ex) {
			this.observer.refused(ex.failure());
			throw ex;
		}
	}

	@Override
	public int broadcast(String topic, Object payload) {
		requireTopic(topic, null);
		PayloadCodec.Payload encoded = encode(payload, null, topic);
		Message.Data data = new Message.Data(topic, encoded.kind(), encoded.bytes());
		int sent = 0;
		for (Member member : this.node.connectedMembers()) {
			Optional<PeerConnection> connection = this.node.connection(member.name());
			if (connection.isPresent() && speaksMessaging(connection.get()) && connection.get().send(data)) {
				sent++;
				this.observer.sent(topic);
			}
		}
		return sent;
	}

	@Override
	public <T> CompletableFuture<T> request(NodeName node, String topic, Object payload, Class<T> replyType) {
		return request(node, topic, payload, replyType, this.defaultTimeout);
	}

	@Override
	public <T> CompletableFuture<T> request(NodeName node, String topic, Object payload, Class<T> replyType,
			Duration timeout) {
		CompletableFuture<PayloadCodec.Payload> reply = new CompletableFuture<>();
		long start = System.nanoTime();
		try {
			requireTopic(topic, node);
			PeerConnection connection = connection(node, topic);
			PayloadCodec.Payload encoded = encode(payload, node, topic);
			long id = this.ids.incrementAndGet();
			this.pending.put(id, new Pending(node, topic, connection, reply));
			reply.whenComplete((r, f) -> this.pending.remove(id));
			try {
				write(connection, new Message.Request(id, topic, encoded.kind(), encoded.bytes()), node, topic);
			}
			catch (ClusterMessagingException ex) {
				reply.completeExceptionally(ex); // and so leaves the pending requests
				throw ex;
			}
			this.observer.sent(topic);
		}
		catch (ClusterMessagingException ex) {
			this.observer.refused(ex.failure());
			return CompletableFuture.failedFuture(ex);
		}
		return reply.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handleAsync((r, failure) -> {
			if (failure != null) {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				if (cause instanceof TimeoutException) {
					throw new ClusterMessagingException(MessagingFailure.TIMEOUT, node, topic,
							"no reply from " + node + " within " + timeout.toMillis() + " ms");
				}
				throw (cause instanceof RuntimeException runtime) ? runtime : new IllegalStateException(cause);
			}
			try {
				return this.codec.decode(r, replyType);
			}
			catch (RuntimeException ex) {
				throw new ClusterMessagingException(MessagingFailure.CONVERSION, node, topic,
						"the reply is not a " + replyType.getName() + ": " + ex.getMessage());
			}
		}, this.pool).whenComplete((r, failure) -> {
			Throwable cause = (failure != null && failure.getCause() != null) ? failure.getCause() : failure;
			MessagingFailure outcome = (cause == null) ? null
					: (cause instanceof ClusterMessagingException messaging) ? messaging.failure()
							: MessagingFailure.CONVERSION;
			this.observer.requested(topic, outcome, Duration.ofNanos(System.nanoTime() - start));
		});
	}

	// A pending request fails as soon as its node is known to be down, not at its timeout.
	private void failPending(NodeDownEvent event) {
		for (Pending request : this.pending.values()) {
			if (request.node.equals(event.member().name())) {
				request.reply.completeExceptionally(new ClusterMessagingException(MessagingFailure.NODE_DOWN,
						request.node, request.topic, request.node + " went down (" + event.reason() + ")"));
			}
		}
	}

	private PeerConnection connection(NodeName node, String topic) {
		PeerConnection connection = this.node.connection(node)
			.orElseThrow(() -> new ClusterMessagingException(MessagingFailure.NOT_CONNECTED, node, topic,
					node + " is not connected (" + state(node) + ")"));
		if (!speaksMessaging(connection)) {
			throw new ClusterMessagingException(MessagingFailure.NOT_SUPPORTED, node, topic,
					node + " speaks protocol version " + connection.version() + ", which has no messaging (an "
							+ "older release); upgrade it");
		}
		return connection;
	}

	private static boolean speaksMessaging(PeerConnection connection) {
		return connection.version() >= Protocol.MESSAGING_VERSION;
	}

	private String state(NodeName node) {
		return this.node.members()
			.stream()
			.filter((m) -> node.equals(m.name()))
			.findFirst()
			.map((m) -> m.state().id() + ((m.lastError() != null) ? ": " + m.lastError() : ""))
			.orElse("unknown to this node");
	}

	private PayloadCodec.Payload encode(Object payload, NodeName node, String topic) {
		PayloadCodec.Payload encoded;
		try {
			encoded = this.codec.encode(payload);
		}
		catch (RuntimeException ex) {
			throw new ClusterMessagingException(MessagingFailure.CONVERSION, node, topic,
					"the payload cannot be written: " + ex.getMessage());
		}
		if (encoded.bytes().length + OVERHEAD > this.maxFrameSize) {
			throw new ClusterMessagingException(MessagingFailure.PAYLOAD_TOO_LARGE, node, topic,
					"a payload of " + encoded.bytes().length + " bytes does not fit in a frame of "
							+ this.maxFrameSize + " bytes (cluster.transport.max-frame-size)");
		}
		return encoded;
	}

	private static void write(PeerConnection connection, Message message, NodeName node, String topic) {
		if (!connection.send(message)) {
			throw connection.isOpen()
					? new ClusterMessagingException(MessagingFailure.SATURATED, node, topic,
							"the connection to " + node + " is saturated (it reads slower than this node sends)")
					: new ClusterMessagingException(MessagingFailure.NOT_CONNECTED, node, topic,
							node + " is not connected");
		}
	}

	private static void requireTopic(String topic, NodeName node) {
		if (topic == null || !TOPIC.matcher(topic).matches()) {
			throw new ClusterMessagingException(MessagingFailure.INVALID_TOPIC, node, String.valueOf(topic),
					"a topic is 1 to 100 letters, digits, '.', '_', '-', ':' or '/'");
		}
	}

	private ChannelHandler handlerFor(PeerConnection connection) {
		return new Inbound(connection);
	}

	/** What answers a topic. */
	@FunctionalInterface
	public interface Listener {

		/**
		 * Handles one message or request.
		 * @param context who sent it
		 * @param payload the payload as it arrived; {@link #codec()} converts it
		 * @return the reply, if it was a request
		 * @throws Exception anything; for a request it becomes the requester's remote error
		 */
		Object handle(ClusterMessageContext context, PayloadCodec.Payload payload) throws Exception;

	}

	/**
	 * The codec listeners use to read payloads.
	 * @return the codec
	 */
	public PayloadCodec codec() {
		return this.codec;
	}

	private record Pending(NodeName node, String topic, PeerConnection connection,
			CompletableFuture<PayloadCodec.Payload> reply) {
	}

	/** The messaging frames of one connection, after its connection handler. */
	private final class Inbound extends SimpleChannelInboundHandler<Message> {

		private final PeerConnection connection;

		private final SerialExecutor serial;

		private final java.util.concurrent.atomic.AtomicLong waiting = new java.util.concurrent.atomic.AtomicLong();


		Inbound(PeerConnection connection) {
			this.connection = connection;
			this.serial = new SerialExecutor(Messenger.this.pool);
		}

		// Added while the handshake's last frame may still be unwritten (the listener writes ACCEPT right
		// after): the first frame of ours waits for the event loop's next task.
		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			ctx.channel().eventLoop().execute(() -> Messenger.this.groups.connected(this.connection));
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			Messenger.this.groups.closed(this.connection);
			super.channelInactive(ctx);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, Message message) {
			if (message instanceof Message.Reply reply) {
				Pending request = Messenger.this.pending.get(reply.id());
				// Only the connection a request went out on may answer it.
				if (request != null && request.connection == this.connection) {
					complete(request, reply);
				}
				return;
			}
			if (message instanceof Message.Groups announced) {
				Messenger.this.groups.announced(this.connection, announced.groups());
				return;
			}
			if (message instanceof Message.Data || message instanceof Message.Request) {
				long size = PER_MESSAGE_BYTES + ((message instanceof Message.Data data) ? data.payload().length
						: ((Message.Request) message).payload().length);
				// Reading is paused and resumed on this event loop only, each time against the current count,
				// so a pause and a resume can never cross.
				if (this.waiting.addAndGet(size) >= PAUSE_AT_BYTES && ctx.channel().config().isAutoRead()) {
					this.connection.pauseReading();
				}
				this.serial.execute(() -> {
					try {
						handle(message);
					}
					finally {
						if (this.waiting.addAndGet(-size) <= RESUME_AT_BYTES && !ctx.channel().config().isAutoRead()) {
							ctx.channel().eventLoop().execute(() -> {
								if (this.waiting.get() <= RESUME_AT_BYTES) {
									this.connection.resumeReading();
								}
							});
						}
					}
				});
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			logger.warn("Closing the connection to {}: messaging failed: {}", this.connection, cause.toString());
			this.connection.close(io.clusterboot.Reason.PROTOCOL_ERROR);
		}

		private void complete(Pending request, Message.Reply reply) {
			switch (reply.status()) {
				case REPLY_OK -> request.reply.complete(new PayloadCodec.Payload(reply.kind(), reply.payload()));
				case REPLY_NO_LISTENER -> request.reply.completeExceptionally(new ClusterMessagingException(
						MessagingFailure.NO_LISTENER, request.node, request.topic,
						request.node + " has no listener for the topic '" + request.topic + "'"));
				default -> request.reply.completeExceptionally(new ClusterMessagingException(
						MessagingFailure.REMOTE_ERROR, request.node, request.topic,
						Untrusted.printable(new String(reply.payload(), StandardCharsets.UTF_8))));
			}
		}

		private void handle(Message message) {
			boolean request = message instanceof Message.Request;
			Message.Request asked = request ? (Message.Request) message : null;
			String topic = request ? asked.topic() : ((Message.Data) message).topic();
			Listener listener = TOPIC.matcher(topic).matches() ? Messenger.this.listeners.get(topic) : null;
			if (listener == null) {
				if (request) {
					reply(asked.id(), REPLY_NO_LISTENER, new PayloadCodec.Payload(PayloadCodec.BYTES, new byte[0]));
				}
				else {
					Messenger.this.warnings.warn("no-listener", "A message from {} on a topic with no listener was dropped",
							this.connection.name());
				}
				return;
			}
			PayloadCodec.Payload payload = request ? new PayloadCodec.Payload(asked.kind(), asked.payload())
					: new PayloadCodec.Payload(((Message.Data) message).kind(), ((Message.Data) message).payload());
			Messenger.this.observer.received(topic);
			Object result;
			try {
				result = listener.handle(new ClusterMessageContext(this.connection.name(), topic), payload);
			}
			catch (Exception ex) {
				Messenger.this.warnings.warn("listener:" + topic, "The cluster message listener for '{}' failed on a "
						+ "message from {}", topic, this.connection.name(), ex);
				if (request) {
					String error = ex.getClass().getName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
					reply(asked.id(), REPLY_ERROR,
							new PayloadCodec.Payload(PayloadCodec.TEXT, error.getBytes(StandardCharsets.UTF_8)));
				}
				return;
			}
			if (request) {
				PayloadCodec.Payload encoded;
				try {
					encoded = encode(result, this.connection.name(), topic);
				}
				catch (ClusterMessagingException ex) {
					reply(asked.id(), REPLY_ERROR, new PayloadCodec.Payload(PayloadCodec.TEXT,
							("the reply could not be sent: " + ex.getMessage()).getBytes(StandardCharsets.UTF_8)));
					return;
				}
				reply(asked.id(), REPLY_OK, encoded);
			}
		}

		private void reply(long id, int status, PayloadCodec.Payload payload) {
			if (!this.connection.send(new Message.Reply(id, status, payload.kind(), payload.bytes()))) {
				Messenger.this.warnings.warn("reply-dropped", "A reply to {} was dropped: the connection is closed or "
						+ "saturated", this.connection.name());
			}
		}

	}

	/**
	 * The groups: this node's own, and each connection's as its peer last announced them. A peer's
	 * groups live and die with its connection, so a node that goes down (or is replaced by a restart)
	 * leaves them all.
	 */
	private final class Groups implements ClusterGroups {

		private final java.util.Set<String> own = new java.util.TreeSet<>();

		private final Map<PeerConnection, java.util.Set<String>> remote = new ConcurrentHashMap<>();

		// Every open connection, told of each change; guarded by this.
		private final java.util.Set<PeerConnection> connections = new java.util.HashSet<>();

		@Override
		public void join(String group) {
			requireTopic(group, null);
			synchronized (this) {
				if (this.own.size() >= MAX_GROUPS && !this.own.contains(group)) {
					throw new ClusterMessagingException(MessagingFailure.INVALID_TOPIC, null, group,
							"this node is in " + MAX_GROUPS + " groups already");
				}
				if (this.own.add(group)) {
					announce();
				}
			}
		}

		@Override
		public void leave(String group) {
			synchronized (this) {
				if (this.own.remove(group)) {
					announce();
				}
			}
		}

		@Override
		public java.util.Set<NodeName> members(String group) {
			java.util.Set<NodeName> members = new java.util.TreeSet<>();
			synchronized (this) {
				if (this.own.contains(group) && Messenger.this.node.self() != null) {
					members.add(Messenger.this.node.self());
				}
			}
			this.remote.forEach((connection, groups) -> {
				if (groups.contains(group) && connection.isOpen()) {
					members.add(connection.name());
				}
			});
			return java.util.Collections.unmodifiableSet(members);
		}

		@Override
		public Map<String, java.util.Set<NodeName>> all() {
			java.util.Set<String> names = new java.util.TreeSet<>();
			synchronized (this) {
				names.addAll(this.own);
			}
			this.remote.values().forEach(names::addAll);
			Map<String, java.util.Set<NodeName>> all = new java.util.TreeMap<>();
			names.forEach((group) -> all.put(group, members(group)));
			return java.util.Collections.unmodifiableMap(all);
		}

		@Override
		public int publish(String group, String topic, Object payload) {
			requireTopic(topic, null);
			PayloadCodec.Payload encoded = encode(payload, null, topic);
			Message.Data data = new Message.Data(topic, encoded.kind(), encoded.bytes());
			int sent = 0;
			for (Map.Entry<PeerConnection, java.util.Set<String>> entry : this.remote.entrySet()) {
				if (entry.getValue().contains(group) && entry.getKey().send(data)) {
					sent++;
				}
			}
			return sent;
		}

		void connected(PeerConnection connection) {
			if (!speaksMessaging(connection)) {
				return;
			}
			synchronized (this) {
				this.connections.add(connection);
				connection.sendControl(new Message.Groups(List.copyOf(this.own)));
			}
		}

		void closed(PeerConnection connection) {
			synchronized (this) {
				this.connections.remove(connection);
			}
			this.remote.remove(connection);
		}

		void announced(PeerConnection connection, List<String> groups) {
			java.util.Set<String> valid = new java.util.TreeSet<>();
			for (String group : groups) {
				if (TOPIC.matcher(group).matches()) {
					valid.add(group);
				}
				else {
					Messenger.this.warnings.warn("bad-group:" + connection.name(),
							"Ignoring a group name from {} that is not valid", connection.name());
				}
			}
			if (connection.isOpen()) {
				this.remote.put(connection, java.util.Set.copyOf(valid));
			}
		}

		// Called with the lock held, so that announcements leave in the order of the changes, and a
		// connection that forms meanwhile gets either the old list and this one, or the new list.
		private void announce() {
			Message.Groups message = new Message.Groups(List.copyOf(this.own));
			for (PeerConnection connection : this.connections) {
				connection.sendControl(message);
			}
		}

	}

}
