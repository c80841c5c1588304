package io.clusterboot.internal.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One timer per event loop drives the heartbeats of all its connections: every connection of a loop
 * ticks at the same instant, and a loop without connections has no timer.
 */
class HeartbeatsTests {

	private final Loop loop = new Loop();

	@AfterEach
	void close() {
		this.loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
	}

	@Test
	void theConnectionsOfALoopTickTogetherFromOneTimerWhichStopsWithTheLast() throws Exception {
		Heartbeats heartbeats = new Heartbeats(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(100));
		List<Long> a = new CopyOnWriteArrayList<>();
		List<Long> b = new CopyOnWriteArrayList<>();
		Heartbeats.Link first = a::add;
		Heartbeats.Link second = b::add;
		this.loop.submit(() -> {
			heartbeats.add(this.loop, first);
			heartbeats.add(this.loop, second);
		}).sync();
		await().atMost(Duration.ofSeconds(30)).until(() -> a.size() >= 3 && b.size() >= 3);
		this.loop.submit(() -> {
			heartbeats.remove(this.loop, first);
			heartbeats.remove(this.loop, second);
		}).sync();
		int ticks = a.size();
		assertThat(b).as("the instants of both connections' ticks").isEqualTo(a);
		assertThat(this.loop.submit(this.loop::hasTimers).get()).as("timers of a loop without connections").isFalse();
		assertThat(a).hasSize(ticks);
	}

	@Test
	void aConnectionWhoseTickFailsDoesNotStopTheOthers() throws Exception {
		Heartbeats heartbeats = new Heartbeats(TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.MILLISECONDS.toNanos(100));
		List<Long> ticks = new CopyOnWriteArrayList<>();
		Heartbeats.Link failing = (now) -> {
			throw new IllegalStateException("broken link");
		};
		Heartbeats.Link healthy = ticks::add;
		this.loop.submit(() -> {
			heartbeats.add(this.loop, failing);
			heartbeats.add(this.loop, healthy);
		}).sync();
		await().atMost(Duration.ofSeconds(30)).until(() -> ticks.size() >= 3);
	}

	private static final class Loop extends DefaultEventLoop {

		boolean hasTimers() {
			return hasScheduledTasks();
		}

	}

}
