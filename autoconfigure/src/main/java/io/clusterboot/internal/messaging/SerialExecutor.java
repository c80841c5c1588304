package io.clusterboot.internal.messaging;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on a shared pool: the messages of one sender stay in order
 * while those of different senders run in parallel.
 */
final class SerialExecutor implements Executor {

	private static final Logger logger = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

	private boolean running;

	SerialExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public synchronized void execute(Runnable task) {
		this.tasks.add(task);
		if (!this.running) {
			this.running = true;
			try {
				this.pool.execute(this::drain);
			}
			catch (RuntimeException ex) {
				this.running = false; // the pool is gone (shut down): the next task tries again
				this.tasks.remove(task);
				throw ex;
			}
		}
	}

	private void drain() {
		while (true) {
			Runnable next;
			synchronized (this) {
				next = this.tasks.poll();
				if (next == null) {
					this.running = false;
					return;
				}
			}
			try {
				next.run();
			}
			catch (Throwable ex) {
				// An Error too: one failed task must not leave the rest of this sender's queue stuck.
				logger.warn("A cluster message handler failed", ex);
			}
		}
	}

}
