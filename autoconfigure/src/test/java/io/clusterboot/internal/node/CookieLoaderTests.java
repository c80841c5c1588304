package io.clusterboot.internal.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CookieLoaderTests {

	@TempDir
	Path home;

	@Test
	void generatesAnOwnerOnlyCookieOnceAndReusesIt() throws Exception {
		Path file = this.home.resolve(".clusterboot/cookie");
		CookieLoader loader = new CookieLoader(file);
		Cookie first = loader.load(null, null, true);
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
		assertThat(Files.readString(file).strip()).hasSizeGreaterThanOrEqualTo(43);
		assertThat(loader.load(null, null, true)).isEqualTo(first);
	}

	@Test
	void refusesToGenerateWhenNotAllowed() {
		CookieLoader loader = new CookieLoader(this.home.resolve("cookie"));
		assertThatExceptionOfType(CookieException.class).isThrownBy(() -> loader.load(null, null, false))
			.satisfies((ex) -> assertThat(ex.isMissing()).isTrue());
		assertThat(this.home.resolve("cookie")).doesNotExist();
	}

	@Test
	void refusesACookieFileThatGroupOrOthersCanRead() throws Exception {
		Path file = this.home.resolve("cookie");
		Files.writeString(file, "a-long-enough-secret-value-1234");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		assertThatExceptionOfType(CookieException.class)
			.isThrownBy(() -> new CookieLoader(this.home.resolve("unused")).load(null, file, false))
			.withMessageContaining("accessible by group or others")
			.withMessageContaining("chmod 600")
			.withMessageNotContaining("a-long-enough-secret-value-1234");
	}

	@Test
	void refusesACookieShorterThan128BitsOfBase64WithTheCommandToMakeOne() {
		CookieLoader loader = new CookieLoader(this.home.resolve("unused"));
		assertThatExceptionOfType(CookieException.class)
			.isThrownBy(() -> loader.load("only-21-characters-xx", null, true))
			.satisfies((ex) -> assertThat(ex.action()).contains("openssl rand -base64 32").contains("cluster.cookie"))
			.withMessageContaining("shorter than 22 characters")
			.withMessageNotContaining("only-21-characters-xx");
		assertThat(loader.load("exactly-22-characters-", null, false)).isEqualTo(Cookie.of("exactly-22-characters-"));
	}

	@Test
	void refusesAShortCookieFile() throws Exception {
		Path file = this.home.resolve("cookie");
		Files.writeString(file, "secret\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		assertThatExceptionOfType(CookieException.class)
			.isThrownBy(() -> new CookieLoader(this.home.resolve("unused")).load(null, file, false))
			.withMessageContaining("cluster.cookie-file is shorter than 22 characters");
	}

	@Test
	void refusesAnUnresolvedPlaceholder() {
		assertThatExceptionOfType(CookieException.class)
			.isThrownBy(() -> new CookieLoader(this.home.resolve("unused")).load("${CLUSTER_COOKIE}", null, true))
			.withMessageContaining("placeholder that did not resolve");
		assertThat(this.home.resolve("unused")).doesNotExist();
	}

	@Test
	void refusesACookieFileInADirectoryThatOthersCanWrite() throws Exception {
		Path dir = Files.createDirectory(this.home.resolve("shared"));
		Path file = dir.resolve("cookie");
		Files.writeString(file, "a-long-enough-secret-value-1234");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		CookieLoader loader = new CookieLoader(this.home.resolve("unused"));
		assertThatExceptionOfType(CookieException.class).isThrownBy(() -> loader.load(null, file, false))
			.withMessageContaining("can be written by group or others")
			.withMessageContaining("chmod go-w " + dir);
		// With the sticky bit (as on a Kubernetes Secret volume) only the file's owner can replace it.
		Process chmod = new ProcessBuilder("chmod", "1777", dir.toString()).start();
		assertThat(chmod.waitFor()).isZero();
		assertThat(loader.load(null, file, false)).isEqualTo(Cookie.of("a-long-enough-secret-value-1234"));
	}

	@Test
	void refusesTheGeneratedFileWhenItsModeWasWidened() throws Exception {
		Path file = this.home.resolve(".clusterboot/cookie");
		CookieLoader loader = new CookieLoader(file);
		loader.load(null, null, true);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
		assertThatExceptionOfType(CookieException.class).isThrownBy(() -> loader.load(null, null, true))
			.withMessageContaining("chmod 600");
	}

	@Test
	void readsAnOwnerOnlyCookieFile() throws Exception {
		Path file = this.home.resolve("cookie");
		Files.writeString(file, "a-long-enough-secret-value-1234\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		assertThat(new CookieLoader(this.home.resolve("unused")).load(null, file, false))
			.isEqualTo(Cookie.of("a-long-enough-secret-value-1234"));
	}

	@Test
	void valueWinsOverGenerationAndBothValueAndFileIsAnError() throws Exception {
		CookieLoader loader = new CookieLoader(this.home.resolve("cookie"));
		assertThat(loader.load("a-long-enough-secret-value-1234", null, true))
			.isEqualTo(Cookie.of("a-long-enough-secret-value-1234"));
		assertThat(this.home.resolve("cookie")).doesNotExist();
		assertThatExceptionOfType(CookieException.class)
			.isThrownBy(() -> loader.load("a-long-enough-secret-value-1234", this.home.resolve("x"), false))
			.withMessageContaining("set only one");
	}

	@Test
	void aMissingFileIsNamed() {
		Path file = this.home.resolve("nope");
		assertThatExceptionOfType(CookieException.class)
			.isThrownBy(() -> new CookieLoader(this.home.resolve("unused")).load(null, file, false))
			.withMessageContaining(file.toString());
	}

}
