package io.clusterboot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.clusterboot.internal.messaging.Messenger;
import io.clusterboot.internal.messaging.MessagingObserver;
import io.clusterboot.messaging.MessagingFailure;

/**
 * Messaging meters, fed as messages happen:
 * <ul>
 * <li>{@code cluster.messages.sent} and {@code cluster.messages.received} (counters, tag
 * {@code topic}): messages and requests written, and handed to a listener;
 * <li>{@code cluster.messaging.requests} (timer, tags {@code topic}, {@code outcome}): requests from
 * this node, by outcome ({@code success} or a {@link MessagingFailure} id);
 * <li>{@code cluster.messaging.refused} (counter, tag {@code reason}): sends refused at once.
 * </ul>
 * Topics are the application's own (those it sends on, or listens to), so the series are bounded.
 */
public final class ClusterMessagingMeterBinder implements MeterBinder, MessagingObserver, AutoCloseable {

	private final Messenger messenger;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	/**
	 * Creates the binder.
	 * @param messenger the messaging to measure
	 */
	public ClusterMessagingMeterBinder(Messenger messenger) {
		this.messenger = messenger;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		this.messenger.observe(this);
	}

	@Override
	public void sent(String topic) {
		for (MeterRegistry registry : this.registries) {
			Counter.builder("cluster.messages.sent")
				.tag("topic", topic)
				.description("Messages and requests this node wrote, by topic")
				.register(registry)
				.increment();
		}
	}

	@Override
	public void received(String topic) {
		for (MeterRegistry registry : this.registries) {
			Counter.builder("cluster.messages.received")
				.tag("topic", topic)
				.description("Messages and requests handed to a listener of this node, by topic")
				.register(registry)
				.increment();
		}
	}

	@Override
	public void requested(String topic, MessagingFailure failure, Duration took) {
		for (MeterRegistry registry : this.registries) {
			Timer.builder("cluster.messaging.requests")
				.tag("topic", topic)
				.tag("outcome", (failure != null) ? failure.id() : "success")
				.description("Requests from this node, from the send to the reply or the failure")
				.register(registry)
				.record(took);
		}
	}

	@Override
	public void refused(MessagingFailure failure) {
		for (MeterRegistry registry : this.registries) {
			Counter.builder("cluster.messaging.refused")
				.tag("reason", failure.id())
				.description("Sends refused at once, by reason")
				.register(registry)
				.increment();
		}
	}

	/**
	 * Stops measuring.
	 */
	@Override
	public void close() {
		this.messenger.observe(MessagingObserver.NONE);
	}

}
