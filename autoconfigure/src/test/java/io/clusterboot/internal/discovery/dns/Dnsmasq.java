package io.clusterboot.internal.discovery.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import io.clusterboot.testsupport.TestNodes;

/**
 * A real DNS server for tests: Debian's dnsmasq on 127.0.0.1 at a free port, answering for
 * {@value #DOMAIN} only (other names are REFUSED, unknown names in the domain get NXDOMAIN). A records
 * come from files in a hosts directory that dnsmasq re-reads when they change; SRV records and CNAMEs
 * are options, so changing them needs {@link #restart(String...)}.
 */
final class Dnsmasq implements AutoCloseable {

	static final String DOMAIN = "cluster.test";

	private static final Path EXECUTABLE = Path.of("/usr/sbin/dnsmasq");

	private final Path directory;

	private final Path hostsDirectory;

	private final Path staging;

	private final Path log;

	private List<String> options;

	private int port;

	private Process process;

	private Dnsmasq(String... options) throws IOException {
		if (!Files.isExecutable(EXECUTABLE)) {
			throw new IllegalStateException(
					EXECUTABLE + " is missing: install it with 'apt-get install -y dnsmasq-base' (.ci/run does)");
		}
		// dnsmasq started by root switches to another user unless told otherwise; world-readable files
		// keep the tests independent of which one.
		this.directory = Files.createTempDirectory("dnsmasq", PosixFilePermissions
			.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		this.hostsDirectory = Files.createDirectory(this.directory.resolve("hosts"));
		this.staging = Files.createDirectory(this.directory.resolve("staging"));
		Files.setPosixFilePermissions(this.hostsDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.log = this.directory.resolve("dnsmasq.log");
		this.options = List.of(options);
	}

	/**
	 * Starts dnsmasq with extra options, e.g. {@code --srv-host=...} or {@code --cname=...}.
	 * @param options the options
	 * @return the running server
	 */
	static Dnsmasq start(String... options) throws IOException, InterruptedException {
		Dnsmasq dnsmasq = new Dnsmasq(options);
		dnsmasq.startOnFreePort();
		return dnsmasq;
	}

	/** The address to send queries to. */
	InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port);
	}

	/** Settings that ask this server only, with short timeouts and no search path. */
	DnsSettings settings() {
		return new DnsSettings(List.of(address()), List.of(), 1, Duration.ofMillis(500), 1);
	}

	/**
	 * Replaces (or creates) one hosts file; dnsmasq notices the change and re-reads it.
	 * @param file the file name
	 * @param lines lines such as {@code 127.0.0.2 peers.cluster.test}
	 */
	void hosts(String file, String... lines) throws IOException {
		// Written elsewhere and moved in whole, so dnsmasq never reads half a file.
		Path staged = this.staging.resolve(file);
		Files.write(staged, List.of(lines), StandardCharsets.US_ASCII);
		Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-r--r--"));
		Files.move(staged, this.hostsDirectory.resolve(file), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	/** Removes a hosts file and so its records. */
	void removeHosts(String file) throws IOException {
		Files.deleteIfExists(this.hostsDirectory.resolve(file));
	}

	/** Stops the server; queries then get no answer. */
	void stop() throws InterruptedException {
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			this.process = null;
		}
	}

	/**
	 * Starts the server again on the same port, with new options if any are given.
	 * @param options the new options, or none to keep the old ones
	 */
	void restart(String... options) throws IOException, InterruptedException {
		stop();
		if (options.length > 0) {
			this.options = List.of(options);
		}
		launch();
		awaitReady();
	}

	private void startOnFreePort() throws IOException, InterruptedException {
		IOException failure = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			this.port = TestNodes.freeUdpAndTcpPort("127.0.0.1");
			launch();
			try {
				awaitReady();
				return;
			}
			catch (IOException ex) {
				failure = ex; // most likely the port was taken in between: try another
				stop();
			}
		}
		throw failure;
	}

	private void launch() throws IOException {
		List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--keep-in-foreground", "--no-resolv",
				"--no-hosts", "--conf-file=/dev/null", "--port=" + this.port, "--listen-address=127.0.0.1",
				"--bind-interfaces", "--hostsdir=" + this.hostsDirectory, "--local=/" + DOMAIN + "/",
				"--user=" + System.getProperty("user.name"), "--pid-file=" + this.directory.resolve("dnsmasq.pid"),
				"--log-facility=-", "--log-queries"));
		command.addAll(this.options);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
	}

	private void awaitReady() throws IOException, InterruptedException {
		SimpleResolver resolver = new SimpleResolver(address());
		resolver.setTimeout(Duration.ofMillis(200));
		Message probe = Message.newQuery(Record.newRecord(Name.fromString("ready." + DOMAIN + "."), Type.A, DClass.IN));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("dnsmasq exited with " + this.process.exitValue() + ": " + logText());
			}
			try {
				resolver.send(probe);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new IOException("dnsmasq did not answer within 10 s: " + logText());
	}

	/** What dnsmasq logged, for failure messages. */
	String logText() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		stop();
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
