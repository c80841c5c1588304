package io.clusterboot.node;

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
