package io.clusterboot.internal.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the cookie: the configured value, else the configured file, else (only where allowed, for
 * nodes on one host) a random cookie created once in {@code ~/.clusterboot/cookie}, as Erlang does
 * with {@code ~/.erlang.cookie}.
 */
public final class CookieLoader {

	private static final Logger logger = LoggerFactory.getLogger(CookieLoader.class);

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

	private final Path defaultFile;

	/**
	 * Creates a loader whose generated cookie lives at {@code ~/.clusterboot/cookie}.
	 */
	public CookieLoader() {
		this(Path.of(System.getProperty("user.home"), ".clusterboot", "cookie"));
	}

	/**
	 * Creates a loader with another location for the generated cookie.
	 * @param defaultFile where a generated cookie is stored
	 */
	public CookieLoader(Path defaultFile) {
		this.defaultFile = defaultFile;
	}

	/**
	 * Loads the cookie.
	 * @param value the configured cookie ({@code cluster.cookie}), or {@code null}
	 * @param file the configured file ({@code cluster.cookie-file}), or {@code null}
	 * @param mayGenerate whether a cookie may be created in the default file when none is configured
	 * @return the cookie
	 * @throws CookieException if no usable cookie is found
	 */
	public Cookie load(String value, Path file, boolean mayGenerate) {
		if (value != null && value.contains("${")) {
			// `cookie: ${CLUSTER_COOKIE}` with the variable unset: the literal text would be a cookie that
			// every such node shares and every reader of the documentation knows.
			throw new CookieException("cluster.cookie holds a ${...} placeholder that did not resolve", false,
					"Set the environment variable or property that the placeholder names (for example "
							+ "CLUSTER_COOKIE, from a Kubernetes Secret) on every node.");
		}
		if (value != null && !value.isBlank()) {
			if (file != null) {
				throw new CookieException(
						"Both cluster.cookie and cluster.cookie-file are set; set only one of them", false);
			}
			return requireLong(Cookie.of(value), "cluster.cookie");
		}
		if (file != null) {
			return requireLong(read(file, "cluster.cookie-file"), "cluster.cookie-file");
		}
		if (!mayGenerate) {
			throw new CookieException("No cluster cookie is configured", true);
		}
		return readOrCreateDefault();
	}

	private Cookie readOrCreateDefault() {
		if (!Files.exists(this.defaultFile)) {
			try {
				create(this.defaultFile);
				logger.info("Created a cluster cookie in {} (readable by this user only)", this.defaultFile);
			}
			catch (FileAlreadyExistsException ex) {
				// Another node on this host created it first; use theirs.
			}
			catch (IOException ex) {
				throw new CookieException("Could not create the cluster cookie file " + this.defaultFile
						+ "; set cluster.cookie or cluster.cookie-file instead", ex);
			}
		}
		return read(this.defaultFile, "the generated cookie file");
	}

	private static void create(Path file) throws IOException {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
		Path dir = file.getParent();
		boolean posix = Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView(PosixFileAttributeView.class);
		if (posix) {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			// Created with its final mode, so the secret is never readable by others, not even briefly.
			Path tmp = Files.createTempFile(dir, ".cookie", ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(tmp, text, StandardCharsets.US_ASCII);
			try {
				Files.createLink(file, tmp);
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		}
		else {
			Files.createDirectories(dir);
			Files.writeString(Files.createFile(file), text, StandardCharsets.US_ASCII);
		}
	}

	private static Path existingAncestor(Path dir) {
		Path candidate = dir.toAbsolutePath();
		while (candidate != null && !Files.exists(candidate)) {
			candidate = candidate.getParent();
		}
		return (candidate != null) ? candidate : dir.toAbsolutePath().getRoot();
	}

	private static Cookie read(Path file, String source) {
		if (!Files.isRegularFile(file)) {
			throw new CookieException("The cookie file " + file + " (" + source + ") does not exist or is not a file",
					false);
		}
		checkPermissions(file);
		checkDirectory(file);
		try {
			return Cookie.of(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new CookieException("Could not read the cookie file " + file + " (" + source + ")", ex);
		}
		catch (IllegalArgumentException ex) {
			throw new CookieException("The cookie file " + file + " (" + source + ") is empty", false);
		}
	}

	private static void checkPermissions(Path file) {
		PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
		if (view == null) {
			return;
		}
		try {
			Set<PosixFilePermission> permissions = view.readAttributes().permissions();
			if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
				throw new CookieException("The cookie file " + file + " is accessible by group or others (mode "
						+ PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file, false);
			}
		}
		catch (IOException ex) {
			throw new CookieException("Could not read the permissions of the cookie file " + file, ex);
		}
	}

	// Whoever can write the directory can replace the file, whatever the file's own mode; a sticky
	// directory (such as a Kubernetes Secret volume, mode 1777) lets only the owner do that.
	private static void checkDirectory(Path file) {
		Path dir = file.toAbsolutePath().getParent();
		if (dir == null || Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
			return;
		}
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
			boolean writableByOthers = permissions.contains(PosixFilePermission.GROUP_WRITE)
					|| permissions.contains(PosixFilePermission.OTHERS_WRITE);
			if (writableByOthers && !isSticky(dir)) {
				throw new CookieException("The directory " + dir + " of the cookie file can be written by group or "
						+ "others (mode " + PosixFilePermissions.toString(permissions)
						+ "), who could replace the cookie; run: chmod go-w " + dir, false);
			}
		}
		catch (IOException ex) {
			throw new CookieException("Could not read the permissions of the directory " + dir, ex);
		}
	}

	private static boolean isSticky(Path dir) throws IOException {
		try {
			return (((Integer) Files.getAttribute(dir, "unix:mode")) & 01000) != 0;
		}
		catch (UnsupportedOperationException | IllegalArgumentException ex) {
			return false; // no "unix" view: treat it as not sticky, the safe side
		}
	}

	/**
	 * Reads the cookies a node accepts besides its own, while a cluster moves to a new cookie.
	 * @param values the values of {@code cluster.accepted-cookies}
	 * @return the cookies, in order
	 * @throws CookieException if one is a placeholder or short, or there are too many
	 */
	public List<Cookie> loadAccepted(List<String> values) {
		if (values.size() > Cookies.MAX - 1) {
			throw new CookieException("cluster.accepted-cookies lists " + values.size() + " cookies; a node accepts at most "
					+ (Cookies.MAX - 1) + " besides its own", false,
					"Keep only the cookies that nodes still running use: during a rotation, the old one.");
		}
		List<Cookie> cookies = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			String property = "cluster.accepted-cookies[" + i + "]";
			String value = values.get(i);
			if (value == null || value.isBlank() || value.contains("${")) {
				throw new CookieException(property + " is empty or holds a ${...} placeholder that did not resolve",
						false, "Set it to the cookie that the nodes not yet moved still use, or remove it.");
			}
			cookies.add(requireLong(Cookie.of(value), property));
		}
		return cookies;
	}

	private static Cookie requireLong(Cookie cookie, String source) {
		if (cookie.isShort()) {
			throw new CookieException("The cluster cookie from " + source + " is shorter than " + Cookie.MIN_LENGTH
					+ " characters", false,
					"Set " + source + " to a long random value, the same on every node: at least " + Cookie.MIN_LENGTH
							+ " characters (128 bits of base64), e.g. the output of: openssl rand -base64 32. A short "
							+ "cookie can be guessed offline from one recorded handshake.");
		}
		return cookie;
	}

}
