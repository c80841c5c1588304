package io.clusterboot.internal.discovery.kubernetes;

import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.internal.RateLimitedLogger;

/**
 * Keeps one watch open on a daemon thread and hands each event on. A watch that the server ends (as it
 * does after {@code timeoutSeconds}) is resumed from the last resource version; a watch that fails is
 * reopened after a backoff that grows to {@link #MAX_BACKOFF}, while the cluster's regular polling
 * goes on, so a failed watch only makes reactions slower.
 */
final class ResourceWatcher {

	private static final Logger logger = LoggerFactory.getLogger(ResourceWatcher.class);

	/** How long the server keeps one watch open (plus up to a minute of jitter, so pods spread out). */
	static final int WATCH_SECONDS = 300;

	static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

	static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

	// A watch the server ended at once without any event is reopened no sooner than this after it
	// was opened, so that a misbehaving proxy cannot turn the watch into a busy loop.
	private static final Duration MIN_WATCH_SPACING = Duration.ofSeconds(1);

	// A watch that was open this long before it broke counts as having worked.
	private static final Duration HEALTHY = Duration.ofSeconds(30);

	private static final int GONE = 410;

	private static final Type EVENT = new TypeToken<Watch.Response<JsonObject>>() {
	}.getType();

	private final ApiClient client;

	private final OkHttpClient watchHttpClient;

	private final PeerSource source;

	private final KubernetesDiscoverySettings settings;

	private final StartingPoint startingPoint;

	private final EventSink events;

	private final Runnable relist;

	private final RateLimitedLogger warnings = new RateLimitedLogger(logger, TimeUnit.MINUTES.toNanos(1));

	private final Thread thread;

	private volatile boolean stopped;

	private volatile Call call;

	// Owned by the watch thread.
	private int failures;

	private long established;

	private String resourceVersion;

	ResourceWatcher(ApiClient client, PeerSource source, KubernetesDiscoverySettings settings,
			StartingPoint startingPoint, EventSink events, Runnable relist) {
		this.client = client;
		// Same interceptors (token reload), TLS and pool as the configured client, but a read timeout
		// that lets a quiet watch stay open until the server ends it.
		this.watchHttpClient = client.getHttpClient()
			.newBuilder()
			.readTimeout(Duration.ofSeconds(WATCH_SECONDS + 120))
			.build();
		this.source = source;
		this.settings = settings;
		this.startingPoint = startingPoint;
		this.events = events;
		this.relist = relist;
		this.thread = new Thread(this::run, "cluster-kubernetes-watch");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/** Ends the open watch and stops the thread. */
	void stop() {
		this.stopped = true;
		cancelCall();
		this.thread.interrupt();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		String target = ApiFailures.target(this.source, this.settings.namespace());
		try {
			this.resourceVersion = this.startingPoint.resourceVersion();
			while (!this.stopped) {
				long opened = System.nanoTime();
				String from = this.resourceVersion;
				this.established = 0;
				Outcome outcome;
				try {
					outcome = watchOnce();
				}
				catch (ApiException ex) {
					if (ex.getCode() == GONE && from != null) {
						expired(target);
						continue;
					}
					String message = (ex.getCode() > 0)
							? ApiFailures.describe(ex.getCode(), ex.getResponseBody(), "watch", this.source,
									this.settings.namespace())
							: "Cannot watch " + target + ": " + cause(ex);
					pause(failed(message));
					continue;
				}
				catch (IOException | RuntimeException ex) {
					if (this.stopped) {
						break;
					}
					if (this.established != 0 && System.nanoTime() - this.established > HEALTHY.toNanos()) {
						// A watch that worked for a while and then broke (a proxy's idle timeout, an
						// API server restart) is not a reason to wait long before the next one.
						this.failures = 0;
					}
					pause(failed("The watch on " + target + " broke: " + cause(ex)));
					continue;
				}
				if (outcome == Outcome.EXPIRED && from == null) {
					// Even the current state is "too old": a server to wait for, not to hammer.
					pause(failed("The watch on " + target + " expired without a resource version"));
					continue;
				}
				this.failures = 0;
				if (outcome == Outcome.EXPIRED) {
					expired(target);
				}
				else if (outcome == Outcome.QUIET) {
					pause(MIN_WATCH_SPACING.minusNanos(System.nanoTime() - opened));
				}
			}
		}
		catch (InterruptedException ex) {
			// stopped
		}
	}

	// The resource version is too old to resume from: start from the current state, and list now so
	// that nothing that happened in between (a deletion, say) is missed.
	private void expired(String target) {
		logger.debug("The watch on {} expired (HTTP 410); listing again", target);
		this.resourceVersion = null;
		changed(this.relist);
	}

	private Outcome watchOnce() throws ApiException, IOException, InterruptedException {
		int timeout = WATCH_SECONDS + ThreadLocalRandom.current().nextInt(60);
		Call call = this.watchHttpClient.newCall(this.source.watch(this.resourceVersion, timeout).request());
		this.call = call;
		if (this.stopped) {
			throw new InterruptedException();
		}
		try (Watch<JsonObject> watch = Watch.createWatch(this.client, call, EVENT)) {
			this.established = System.nanoTime();
			if (this.failures > 0) {
				logger.info("Watching {} again", ApiFailures.target(this.source, this.settings.namespace()));
			}
			Outcome outcome = Outcome.QUIET;
			while (watch.hasNext()) {
				Watch.Response<JsonObject> event = watch.next();
				outcome = Outcome.ENDED;
				if ("ERROR".equals(event.type)) {
					V1Status status = event.status;
					if (status != null && Integer.valueOf(GONE).equals(status.getCode())) {
						return Outcome.EXPIRED;
					}
					throw new IOException("the server ended it with an error: "
							+ ((status != null) ? status.getCode() + " " + status.getMessage() : "no status"));
				}
				if (event.object == null) {
					throw new IOException("a " + event.type + " event without an object");
				}
				String version = Json.string(event.object, "metadata", "resourceVersion");
				if (version != null) {
					// Kept as events arrive, so that a watch that breaks resumes where it was.
					this.resourceVersion = version;
				}
				if (!"BOOKMARK".equals(event.type)) {
					deliver(event.type, event.object);
				}
			}
			return outcome;
		}
		finally {
			this.call = null;
		}
	}

	private void deliver(String type, JsonObject object) {
		try {
			this.events.event(type, object);
		}
		catch (MalformedObjectException | IllegalArgumentException ex) {
			// Let a list decide; the list reports a malformed answer as a discovery failure.
			logger.debug("Cannot read a {} event of {}: {}", type, this.source.resource(), ex.getMessage());
			changed(this.relist);
		}
	}

	private void changed(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException ex) {
			logger.debug("The cluster did not take a discovery request", ex);
		}
	}

	private Duration failed(String message) {
		this.failures++;
		long initial = INITIAL_BACKOFF.toMillis();
		long backoff = Math.min(MAX_BACKOFF.toMillis(), initial << Math.min(this.failures - 1, 16));
		backoff = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
		// Keyed by the first words only, so that one kind of failure is one warning a minute.
		this.warnings.warn(message.substring(0, Math.min(message.length(), 60)),
				"{}; retrying the watch in {} ms, and polling every cluster.discovery.poll-interval meanwhile",
				message, backoff);
		return Duration.ofMillis(backoff);
	}

	private void pause(Duration duration) throws InterruptedException {
		if (!duration.isNegative() && !duration.isZero() && !this.stopped) {
			Thread.sleep(duration.toMillis());
		}
	}

	// Cancelling the call also ends a request that is still connecting or waiting for its headers,
	// which an interrupt would not.
	private void cancelCall() {
		Call current = this.call;
		if (current != null) {
			current.cancel();
		}
	}

	private static String cause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
				: cause.getClass().getSimpleName();
	}

	/** Where a watch starts. */
	@FunctionalInterface
	interface StartingPoint {

		String resourceVersion() throws InterruptedException;

	}

	/** Receives each ADDED, MODIFIED or DELETED event. */
	@FunctionalInterface
	interface EventSink {

		void event(String type, JsonObject object);

	}

	private enum Outcome {

		/** The server ended the watch without sending anything. */
		QUIET,

		/** The server ended the watch after sending events. */
		ENDED,

		/** The server said the resource version is too old (410 Gone). */
		EXPIRED

	}

}
