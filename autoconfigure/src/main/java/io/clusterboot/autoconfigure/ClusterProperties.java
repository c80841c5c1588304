package io.clusterboot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.clusterboot.internal.discovery.kubernetes.KubernetesDiscoveryMode;
import io.clusterboot.internal.node.HostMode;

/**
 * Configuration of ClusterBoot ({@code cluster.*}).
 */
@ConfigurationProperties("cluster")
public class ClusterProperties {

	/** The default cluster port, Erlang's epmd port. */
	static final int DEFAULT_PORT = 4370;

	/** Whether this application joins a cluster. */
	private boolean enabled = true;

	/** Whether the node joins the cluster when the application starts, rather than when its lifecycle is started. */
	private boolean autoStartup = true;

	/** The shared secret that authenticates nodes; give it from a Secret, never in a committed file. */
	private String cookie;

	/** A file holding the cookie (readable by its owner only), as an alternative to cluster.cookie. */
	private Path cookieFile;

	/**
	 * Other cookies this node accepts, and proves to peers that know only those, while a cluster moves
	 * to a new cookie; remove them once every node has moved.
	 */
	private List<String> acceptedCookies = new ArrayList<>();

	private final Node node = new Node();

	private final Transport transport = new Transport();

	private final Heartbeat heartbeat = new Heartbeat();

	private final Reconnect reconnect = new Reconnect();

	private final Discovery discovery = new Discovery();

	private final Health health = new Health();

	private final Messaging messaging = new Messaging();

	private final View view = new View();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public String getCookie() {
		return this.cookie;
	}

	public void setCookie(String cookie) {
		this.cookie = cookie;
	}

	public List<String> getAcceptedCookies() {
		return this.acceptedCookies;
	}

	public void setAcceptedCookies(List<String> acceptedCookies) {
		this.acceptedCookies = acceptedCookies;
	}

	public Path getCookieFile() {
		return this.cookieFile;
	}

	public void setCookieFile(Path cookieFile) {
		this.cookieFile = cookieFile;
	}

	public Node getNode() {
		return this.node;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	public Messaging getMessaging() {
		return this.messaging;
	}

	public View getView() {
		return this.view;
	}

	public Health getHealth() {
		return this.health;
	}

	@Override
	public String toString() {
		return "ClusterProperties[node=" + this.node.basename + "@" + this.node.host + ", strategy="
				+ this.discovery.strategy + ", cookie=" + ((this.cookie != null) ? "******" : "unset") + "]";
	}

	public static class Node {

		/** The part of the node name before '@'; defaults to spring.application.name. */
		private String basename;

		/** The part of the node name after '@'; when unset it is found by host-mode. */
		private String host;

		/** How to find the host part of the node name when cluster.node.host is not set. */
		private HostMode hostMode = HostMode.IP;

		/** Domain suffix for host-mode dns, e.g. myns.pod.cluster.local. */
		private String domain;

		public String getBasename() {
			return this.basename;
		}

		public void setBasename(String basename) {
			this.basename = basename;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public HostMode getHostMode() {
			return this.hostMode;
		}

		public void setHostMode(HostMode hostMode) {
			this.hostMode = hostMode;
		}

		public String getDomain() {
			return this.domain;
		}

		public void setDomain(String domain) {
			this.domain = domain;
		}

	}

	public static class Transport {

		/** TCP port of the cluster listener (ignored by the local strategy, which uses its port range). */
		private int port = DEFAULT_PORT;

		/** Address to listen on; default: the node's host if it is an IP literal, else all interfaces. */
		private String bindAddress;

		/** Largest frame accepted from an authenticated peer. */
		private DataSize maxFrameSize = DataSize.ofMegabytes(1);

		/** Deadline for a whole handshake. */
		private Duration handshakeTimeout = Duration.ofSeconds(5);

		/** How many unauthenticated inbound connections may be open at once. */
		private int maxPendingHandshakes = 64;

		/** How many unauthenticated inbound connections one source address (an IPv6 /64) may hold. */
		private int maxPendingHandshakesPerSource = 8;

		/** Number of I/O threads. */
		private int ioThreads = 2;

		private final Ssl ssl = new Ssl();

		public Ssl getSsl() {
			return this.ssl;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public String getBindAddress() {
			return this.bindAddress;
		}

		public void setBindAddress(String bindAddress) {
			this.bindAddress = bindAddress;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		public int getMaxPendingHandshakes() {
			return this.maxPendingHandshakes;
		}

		public void setMaxPendingHandshakes(int maxPendingHandshakes) {
			this.maxPendingHandshakes = maxPendingHandshakes;
		}

		public int getMaxPendingHandshakesPerSource() {
			return this.maxPendingHandshakesPerSource;
		}

		public void setMaxPendingHandshakesPerSource(int maxPendingHandshakesPerSource) {
			this.maxPendingHandshakesPerSource = maxPendingHandshakesPerSource;
		}

		public int getIoThreads() {
			return this.ioThreads;
		}

		public void setIoThreads(int ioThreads) {
			this.ioThreads = ioThreads;
		}

		public static class Ssl {

			/** Name of the SSL bundle (spring.ssl.bundle.*) whose key and trust make every cluster connection mutual TLS; unset for plaintext. */
			private String bundle;

			/** Whether a node checks that a peer's certificate names the address it dialled (its SANs). */
			private boolean verifyHostname;

			public String getBundle() {
				return this.bundle;
			}

			public void setBundle(String bundle) {
				this.bundle = bundle;
			}

			public boolean isVerifyHostname() {
				return this.verifyHostname;
			}

			public void setVerifyHostname(boolean verifyHostname) {
				this.verifyHostname = verifyHostname;
			}

		}

	}

	public static class Heartbeat {

		/** How often a heartbeat is sent to each peer. */
		private Duration interval = Duration.ofSeconds(1);

		/** How long without any frame from a peer marks it down (heartbeat-timeout). */
		private Duration timeout = Duration.ofSeconds(5);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	public static class Reconnect {

		/** Wait before the first retry of a failed dial; doubles with each failure. */
		private Duration initialBackoff = Duration.ofMillis(200);

		/** Longest wait between retries of a failed dial: how long a healed partition may wait to reconnect. */
		private Duration maxBackoff = Duration.ofSeconds(3);

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	public static class Discovery {

		/**
		 * How peers are found: local, static, file, dns, srv, kubernetes, spring-cloud (the
		 * application's DiscoveryClient), or custom (the application's own PeerDiscovery bean).
		 */
		private Strategy strategy = Strategy.LOCAL;

		/** How often discovery runs (and failed dials are retried). */
		private Duration pollInterval = Duration.ofSeconds(5);

		private final Local local = new Local();

		private final Static staticPeers = new Static();

		private final File file = new File();

		private final Dns dns = new Dns();

		private final Srv srv = new Srv();

		private final Kubernetes kubernetes = new Kubernetes();

		private final SpringCloud springCloud = new SpringCloud();

		public Strategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(Strategy strategy) {
			this.strategy = strategy;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Local getLocal() {
			return this.local;
		}

		public Static getStatic() {
			return this.staticPeers;
		}

		public File getFile() {
			return this.file;
		}

		public Dns getDns() {
			return this.dns;
		}

		public Srv getSrv() {
			return this.srv;
		}

		public Kubernetes getKubernetes() {
			return this.kubernetes;
		}

		public SpringCloud getSpringCloud() {
			return this.springCloud;
		}

		public enum Strategy {

			/** Other nodes on this host, on cluster.discovery.local.port-range. */
			LOCAL,

			/** A fixed list, cluster.discovery.static.peers. */
			STATIC,

			/** The host[:port] lines of the file cluster.discovery.file.path, re-read when it changes. */
			FILE,

			/** A and AAAA records of cluster.discovery.dns.name. */
			DNS,

			/** SRV records of cluster.discovery.srv.name. */
			SRV,

			/** The Kubernetes API. */
			KUBERNETES,

			/** The instances of a service in the application's Spring Cloud DiscoveryClient (Eureka, Consul, …). */
			SPRING_CLOUD,

			/** The application's own PeerDiscovery bean (any such bean makes the strategy custom). */
			CUSTOM

		}

		public static class Local {

			/** Ports that nodes on this host use, first free one taken, e.g. 4370-4379. */
			private String portRange = "4370-4379";

			public String getPortRange() {
				return this.portRange;
			}

			public void setPortRange(String portRange) {
				this.portRange = portRange;
			}

		}

		public static class Static {

			/** Addresses of peers, host:port. */
			private List<String> peers = new ArrayList<>();

			public List<String> getPeers() {
				return this.peers;
			}

			public void setPeers(List<String> peers) {
				this.peers = peers;
			}

		}

		public static class File {

			/** File listing the peers, one host[:port] per line ('#' comments); re-read when it changes. */
			private String path;

			public String getPath() {
				return this.path;
			}

			public void setPath(String path) {
				this.path = path;
			}

		}

		public static class Dns {

			/** Name whose A/AAAA records are the peers, e.g. app-headless.ns.svc.cluster.local. */
			private String name;

			/** Resolver to ask, ip[:port] (also for srv); default: the system's resolvers from /etc/resolv.conf. */
			private String server;

			/** Timeout of one DNS query (also for srv). */
			private Duration timeout = Duration.ofSeconds(2);

			/** How many times a query is retried after a timeout or an error answer (also for srv). */
			private int retries = 1;

			public String getName() {
				return this.name;
			}

			public void setName(String name) {
				this.name = name;
			}

			public String getServer() {
				return this.server;
			}

			public void setServer(String server) {
				this.server = server;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

			public int getRetries() {
				return this.retries;
			}

			public void setRetries(int retries) {
				this.retries = retries;
			}

		}

		public static class SpringCloud {

			/** Service whose instances are the peers; default: spring.application.name. */
			private String serviceId;

			/** Instance metadata key that holds the cluster port; instances without it use cluster.transport.port. */
			private String portMetadataKey = "cluster-port";

			/** Whether this node adds its cluster port to its own Eureka registration's metadata. */
			private boolean publishPort = true;

			public String getServiceId() {
				return this.serviceId;
			}

			public void setServiceId(String serviceId) {
				this.serviceId = serviceId;
			}

			public String getPortMetadataKey() {
				return this.portMetadataKey;
			}

			public void setPortMetadataKey(String portMetadataKey) {
				this.portMetadataKey = portMetadataKey;
			}

			public boolean isPublishPort() {
				return this.publishPort;
			}

			public void setPublishPort(boolean publishPort) {
				this.publishPort = publishPort;
			}

		}

		public static class Kubernetes {

			/** Namespace to look in; defaults to the pod's own (Spring Cloud Kubernetes' namespace provider). */
			private String namespace;

			/** Which objects list the peers: the EndpointSlices of a Service, or Pods by label. */
			private KubernetesDiscoveryMode mode = KubernetesDiscoveryMode.ENDPOINT_SLICES;

			/** Service whose EndpointSlices list the peers (mode endpoint-slices), e.g. the headless Service. */
			private String serviceName;

			/** Label selector of the peer Pods (mode pods), e.g. app=orders. */
			private String labelSelector;

			/** Name of the EndpointSlice port or container port to dial; without one, cluster.transport.port. */
			private String portName = "cluster";

			/** Whether peers that are not ready yet are dialled too, so that a starting cluster can form. */
			private boolean includeNotReady = true;

			/** Deadline of one list request to the Kubernetes API. */
			private Duration requestTimeout = Duration.ofSeconds(5);

			/** Whether to watch for changes, so that a new pod is dialled at once rather than at the next poll. */
			private boolean watch = true;

			public String getNamespace() {
				return this.namespace;
			}

			public void setNamespace(String namespace) {
				this.namespace = namespace;
			}

			public KubernetesDiscoveryMode getMode() {
				return this.mode;
			}

			public void setMode(KubernetesDiscoveryMode mode) {
				this.mode = mode;
			}

			public String getServiceName() {
				return this.serviceName;
			}

			public void setServiceName(String serviceName) {
				this.serviceName = serviceName;
			}

			public String getLabelSelector() {
				return this.labelSelector;
			}

			public void setLabelSelector(String labelSelector) {
				this.labelSelector = labelSelector;
			}

			public String getPortName() {
				return this.portName;
			}

			public void setPortName(String portName) {
				this.portName = portName;
			}

			public boolean isIncludeNotReady() {
				return this.includeNotReady;
			}

			public void setIncludeNotReady(boolean includeNotReady) {
				this.includeNotReady = includeNotReady;
			}

			public Duration getRequestTimeout() {
				return this.requestTimeout;
			}

			public void setRequestTimeout(Duration requestTimeout) {
				this.requestTimeout = requestTimeout;
			}

			public boolean isWatch() {
				return this.watch;
			}

			public void setWatch(boolean watch) {
				this.watch = watch;
			}

		}

		public static class Srv {

			/** SRV name, e.g. _cluster._tcp.app-headless.ns.svc.cluster.local. */
			private String name;

			public String getName() {
				return this.name;
			}

			public void setName(String name) {
				this.name = name;
			}

		}

	}

	public static class Messaging {

		/** How long a request waits for its reply when it names no timeout. */
		private Duration requestTimeout = Duration.ofSeconds(5);

		/** Threads that run message listeners (never the I/O or membership threads). */
		private int listenerThreads = 4;

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public int getListenerThreads() {
			return this.listenerThreads;
		}

		public void setListenerThreads(int listenerThreads) {
			this.listenerThreads = listenerThreads;
		}

	}

	public static class View {

		/** How long the whole-cluster view (/actuator/cluster?scope=cluster) waits for the other nodes. */
		private Duration timeout = Duration.ofSeconds(2);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	public static class Health {

		/** How many connected peers the health indicator needs to report UP. */
		private int minPeers = 0;

		public int getMinPeers() {
			return this.minPeers;
		}

		public void setMinPeers(int minPeers) {
			this.minPeers = minPeers;
		}

	}

}
