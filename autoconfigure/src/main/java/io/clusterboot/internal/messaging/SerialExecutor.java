package io.clusterboot.internal.messaging;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on a shared pool: the messages of one sender stay in order
 * while those of different senders run in parallel. Tells its owner how many tasks wait, so that it can
 * stop reading from a sender that outpaces its listeners.
 */
final class SerialExecutor implements Executor {

	private static final Logger logger = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

	private final Runnable drained;

	private final int low;

	private boolean running;

	/**
	 * Creates the executor.
	 * @param pool where tasks run
	 * @param low when fewer than this many wait after a task, {@code drained} runs
	 * @param drained told that the queue got short again
	 */
	SerialExecutor(Executor pool, int low, Runnable drained) {
		this.pool = pool;
		this.low = low;
		this.drained = drained;
	}

	/**
	 * Queues a task.
	 * @return how many tasks wait now
	 */
	synchronized int submit(Runnable task) {
		this.tasks.add(task);
		if (!this.running) {
			this.running = true;
			this.pool.execute(this::drain);
		}
		return this.tasks.size();
	}

	@Override
	public void execute(Runnable task) {
		submit(task);
	}

	private void drain() {
		while (true) {
			Runnable next;
			int left;
			synchronized (this) {
				next = this.tasks.poll();
				if (next == null) {
					this.running = false;
					return;
				}
				left = this.tasks.size();
			}
			try {
				next.run();
			}
			catch (RuntimeException ex) {
				logger.warn("A cluster message handler failed", ex);
			}
			if (left == this.low) {
				this.drained.run();
			}
		}
	}

}
