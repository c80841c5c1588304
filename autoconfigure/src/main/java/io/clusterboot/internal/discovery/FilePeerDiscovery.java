package io.clusterboot.internal.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

/**
 * Peers listed in a file ({@code cluster.discovery.file.path}), Erlang's {@code .hosts.erlang}: one
 * {@code host[:port]} per line, {@code #} starts a comment, blank lines are ignored. The file is read
 * on every round, and its folder is watched so that a change starts a round at once; the watch
 * covers the whole folder because a Kubernetes ConfigMap is updated by swapping a symbolic link
 * next to the file, not by writing the file.
 */
public final class FilePeerDiscovery implements PeerDiscovery {

	/** Larger files are refused: a list of peers is a few kilobytes, anything this big is a mistake. */
	static final int MAX_BYTES = 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(FilePeerDiscovery.class);

	private final Path file;

	private final int defaultPort;

	private WatchService watcher;

	private boolean closed;

	/**
	 * @param file the file to read
	 * @param defaultPort the port of lines that give none
	 */
	public FilePeerDiscovery(Path file, int defaultPort) {
		this.file = file.toAbsolutePath().normalize();
		this.defaultPort = defaultPort;
	}

	@Override
	public String name() {
		return "file";
	}

	@Override
	public DiscoveryResult discover() {
		String text;
		try {
			text = read();
		}
		catch (NoSuchFileException ex) {
			return DiscoveryResult.failed(this.file + " does not exist (cluster.discovery.file.path)");
		}
		catch (CharacterCodingException ex) {
			return DiscoveryResult.failed(this.file + " is not UTF-8 text");
		}
		catch (IOException ex) {
			return DiscoveryResult.failed("Cannot read " + this.file + ": " + ex);
		}
		Set<PeerAddress> peers = new LinkedHashSet<>();
		String[] lines = text.split("\r?\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			int comment = line.indexOf('#');
			String entry = ((comment >= 0) ? line.substring(0, comment) : line).strip();
			if (entry.isEmpty()) {
				continue;
			}
			try {
				peers.add(PeerAddress.parse(entry, this.defaultPort));
			}
			catch (IllegalArgumentException ex) {
				return DiscoveryResult.failed(this.file + " line " + (i + 1) + ": " + ex.getMessage()
						+ " (expected host or host:port)");
			}
		}
		return DiscoveryResult.found(peers);
	}

	private String read() throws IOException {
		try (InputStream in = Files.newInputStream(this.file)) {
			byte[] bytes = in.readNBytes(MAX_BYTES + 1);
			if (bytes.length > MAX_BYTES) {
				throw new IOException("it is larger than " + MAX_BYTES + " bytes");
			}
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(bytes))
				.toString();
		}
	}

	@Override
	public synchronized void watch(Runnable changed) {
		if (this.closed || this.watcher != null) {
			return;
		}
		Path folder = this.file.getParent();
		try {
			this.watcher = FileSystems.getDefault().newWatchService();
			folder.register(this.watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
					StandardWatchEventKinds.ENTRY_MODIFY);
		}
		catch (IOException ex) {
			// Polling still reads the file every round; only the prompt reaction to a change is lost.
			logger.warn("Cannot watch {} for changes ({}); reading it every poll interval only", folder, ex.toString());
			return;
		}
		WatchService service = this.watcher;
		Thread thread = new Thread(() -> watchLoop(service, changed), "cluster-file-watch");
		thread.setDaemon(true);
		thread.start();
		logger.info("Discovering peers from {}, watched", this.file);
	}

	private static void watchLoop(WatchService service, Runnable changed) {
		try {
			while (true) {
				WatchKey key = service.take();
				key.pollEvents();
				changed.run();
				if (!key.reset()) {
					return; // the folder is gone; polling carries on
				}
			}
		}
		catch (InterruptedException | ClosedWatchServiceException ex) {
			// closed
		}
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.watcher != null) {
			try {
				this.watcher.close();
			}
			catch (IOException ex) {
				// nothing left to release
			}
		}
	}

	@Override
	public String toString() {
		return this.file + " (default port " + this.defaultPort + ")";
	}

}
