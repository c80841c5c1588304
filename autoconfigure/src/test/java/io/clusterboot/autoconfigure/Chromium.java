package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, run once per page with a fresh profile and every background service off,
 * so that it only talks to the test's own server on 127.0.0.1.
 */
final class Chromium {

	private static final Path EXECUTABLE = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));

	private Chromium() {
	}

	/**
	 * Loads a page and returns its DOM after scripts (if any) ran: what a person's browser shows.
	 */
	static String dumpDom(String url) {
		return run(List.of("--dump-dom", url));
	}

	/**
	 * Saves a screenshot of a page at the given window size.
	 */
	static void screenshot(String url, Path file, int width, int height) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
				"--screenshot=" + file.toAbsolutePath(), url));
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("Chromium wrote no screenshot to " + file);
		}
	}

	private static String run(List<String> arguments) {
		if (!Files.isExecutable(EXECUTABLE)) {
			throw new IllegalStateException("These tests load the page in a real browser: install Debian's "
					+ "chromium (apt-get install chromium) or point -Dchromium= at one");
		}
		Path profile = null;
		Path output = null;
		try {
			profile = Files.createTempDirectory("cluster-chromium-");
			output = Files.createTempFile("cluster-chromium-", ".out");
			List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
					"--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run", "--user-data-dir=" + profile));
			command.addAll(arguments);
			Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Chromium did not finish within 120 s: " + command);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": " + command);
			}
			return Files.readString(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			delete(output);
			delete(profile);
		}
	}

	private static void delete(Path path) {
		if (path == null) {
			return;
		}
		try (Stream<Path> files = Files.walk(path)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind is no reason to fail a test
		}
	}

}
