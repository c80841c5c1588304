package io.clusterboot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What Linux's /proc says about a process. */
final class Proc {

	static final double TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

	private Proc() {
	}

	/** User plus system CPU time so far, in clock ticks. */
	static long cpuTicks(long pid) {
		String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
		// Fields after the command name, which is in parentheses and may contain spaces.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
	}

	/** One thread's CPU so far: its kind (its name without the numbers at its end) and its ticks. */
	record ThreadTicks(String kind, long ticks) {
	}

	/**
	 * CPU ticks so far of each live thread of a process, by thread id. The kind lets threads be added up
	 * by what they are: {@code cluster-io-3-1} and {@code cluster-io-3-2} are both {@code cluster-io},
	 * {@code GC Thread#0} and {@code GC Thread#1} both {@code GC Thread}.
	 */
	static java.util.Map<Long, ThreadTicks> cpuTicksByThread(long pid) {
		java.util.Map<Long, ThreadTicks> threads = new java.util.HashMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			tasks.forEach((task) -> {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					threads.put(Long.parseLong(task.getFileName().toString()),
							new ThreadTicks(name.replaceAll("([-#_ ]?[0-9]+)+$", ""),
									Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
				}
				catch (IOException ex) {
					// the thread ended
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return threads;
	}

	/** A number from /proc/PID/status, e.g. {@code VmRSS} (kB) or {@code Threads}. */
	static long status(long pid, String key) {
		for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
			if (line.startsWith(key + ":")) {
				return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
			}
		}
		throw new IllegalStateException("No " + key + " for process " + pid);
	}

	/** How many of the process's threads have a name starting with {@code prefix}. */
	static long threadsNamed(long pid, String prefix) {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.filter((task) -> {
				try {
					return Files.readString(task.resolve("comm")).startsWith(prefix);
				}
				catch (IOException ex) {
					return false; // the thread ended
				}
			}).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the processes together use less than {@code maxCores} of CPU over one second, so that
	 * a measurement does not start while they still run start-up work (JIT compilation, Spring's
	 * background initialisation, the cookie fingerprint). Gives up after {@code timeoutSeconds}.
	 * @return how long it waited, in seconds
	 */
	static double awaitQuiet(List<NodeProcess> processes, double maxCores, long timeoutSeconds) {
		long start = System.nanoTime();
		long deadline = start + timeoutSeconds * 1_000_000_000L;
		while (System.nanoTime() < deadline) {
			long before = totalTicks(processes);
			Clock.sleep(1000);
			if ((totalTicks(processes) - before) / TICKS_PER_SECOND < maxCores) {
				break;
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private static long totalTicks(List<NodeProcess> processes) {
		long total = 0;
		for (NodeProcess process : processes) {
			total += cpuTicks(process.pid());
		}
		return total;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
