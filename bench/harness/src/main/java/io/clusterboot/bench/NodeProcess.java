package io.clusterboot.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmarked process (a sample-app JVM, a baseline app or an Erlang node): its output goes to a
 * log file and is parsed as it comes, its standard input takes commands.
 */
final class NodeProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final OutputStream stdin;

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final List<String> benchLines = new CopyOnWriteArrayList<>();

	private final Pattern readyPattern;

	private volatile Matcher ready;

	private volatile boolean stopped;

	private static final AtomicInteger IDS = new AtomicInteger();

	private NodeProcess(String name, Process process, Pattern readyPattern) {
		this.name = name;
		this.process = process;
		this.stdin = process.getOutputStream();
		this.readyPattern = readyPattern;
	}

	/**
	 * Starts a process.
	 * @param name the node name it will have (how its peers' events name it)
	 * @param command the command line
	 * @param env extra environment
	 * @param log where its output goes
	 * @param readyPattern the output line that says it is ready
	 */
	static NodeProcess start(String name, List<String> command, Map<String, String> env, Path log,
			Pattern readyPattern) {
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().putAll(env);
			NodeProcess node = new NodeProcess(name, builder.start(), readyPattern);
			Thread reader = new Thread(() -> node.read(log), "out-" + name);
			reader.setDaemon(true);
			reader.start();
			return node;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
	}

	private void read(Path log) {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				BufferedWriter out = Files.newBufferedWriter(log)) {
			String line;
			while ((line = in.readLine()) != null) {
				out.write(line);
				out.newLine();
				out.flush();
				if (line.startsWith("[bench] ")) {
					Event event = Event.parse(line);
					if (event != null) {
						this.events.add(event);
					}
					else {
						this.benchLines.add(line.substring(8));
					}
				}
				if (this.ready == null) {
					Matcher matcher = this.readyPattern.matcher(line);
					if (matcher.find()) {
						this.ready = matcher;
					}
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	/** A number for log file names, unique within the run. */
	static int nextId() {
		return IDS.incrementAndGet();
	}

	String name() {
		return this.name;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	List<Event> events() {
		return this.events;
	}

	/** Lines printed as {@code [bench] …} that are not membership events, without the prefix. */
	List<String> benchLines() {
		return this.benchLines;
	}

	/** Waits for the ready line and returns its match. */
	Matcher awaitReady(long timeoutSeconds) {
		await("ready", timeoutSeconds, () -> this.ready != null);
		return this.ready;
	}

	void await(String what, long timeoutSeconds, BooleanSupplier condition) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		while (!condition.getAsBoolean()) {
			if (!this.process.isAlive()) {
				throw new ProcessExitedException(this.name + " exited (" + this.process.exitValue()
						+ ") while waiting for " + what);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(this.name + ": no " + what + " within " + timeoutSeconds + " s");
			}
			Clock.sleep(5);
		}
	}

	void send(String line) {
		try {
			this.stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
			this.stdin.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write to " + this.name, ex);
		}
	}

	/**
	 * The first instant at which this node was connected to all of {@code peers}, counting only events
	 * at or after {@code from}, replaying ups and downs in order.
	 */
	OptionalLong connectedToAll(Set<String> peers, long from) {
		Set<String> connected = new HashSet<>();
		for (Event event : this.events) {
			if (event.epochNanos() < from) {
				continue;
			}
			if (event.up()) {
				connected.add(event.peer());
			}
			else {
				connected.remove(event.peer());
			}
			if (connected.containsAll(peers)) {
				return OptionalLong.of(event.epochNanos());
			}
		}
		return OptionalLong.empty();
	}

	/** When this node first saw {@code peer} go down at or after {@code from}. */
	OptionalLong downAfter(String peer, long from) {
		Event event = downEventAfter(peer, from);
		return (event != null) ? OptionalLong.of(event.epochNanos()) : OptionalLong.empty();
	}

	/** The first down event of {@code peer} at or after {@code from}, or {@code null}. */
	Event downEventAfter(String peer, long from) {
		for (Event event : this.events) {
			if (!event.up() && event.peer().equals(peer) && event.epochNanos() >= from) {
				return event;
			}
		}
		return null;
	}

	/** Every down event at or after {@code from}, for the false-positive check. */
	List<Event> downsAfter(long from) {
		List<Event> downs = new ArrayList<>();
		for (Event event : this.events) {
			if (!event.up() && event.epochNanos() >= from) {
				downs.add(event);
			}
		}
		return downs;
	}

	/** SIGKILL through the JDK (a direct kill(2), no fork): returns the instant just before it. */
	long kill9() {
		long before = Clock.now();
		this.process.destroyForcibly();
		return before;
	}

	/** Sends a signal with kill(1); returns the instant just before it was started. */
	long signal(String signal) {
		this.stopped |= signal.equals("STOP");
		long before = Clock.now();
		try {
			new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return before;
	}

	/** Stops the process: SIGCONT in case it is stopped, SIGTERM, then SIGKILL after a grace period. */
	@Override
	public void close() {
		if (!this.process.isAlive()) {
			return;
		}
		terminate();
		awaitExit();
	}

	private void terminate() {
		if (this.stopped) {
			signal("CONT");
		}
		this.process.destroy();
	}

	private void awaitExit() {
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** Closes many processes at once: SIGTERM to all, then waits for each. */
	static void closeAll(List<NodeProcess> nodes) {
		for (NodeProcess node : nodes) {
			if (node.isAlive()) {
				node.terminate();
			}
		}
		for (NodeProcess node : nodes) {
			node.awaitExit();
		}
	}

	/** Kills at once, for clean-up after a failure. */
	void destroyNow() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
