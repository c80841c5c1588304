package io.clusterboot.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import io.clusterboot.testsupport.TestNodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strategy survives Spring AOT (native images, {@code spring-boot:process-aot}): the context is
 * processed ahead of time with the default strategy, as a build would, the generated code is compiled,
 * and the generated context is then started with another {@code cluster.discovery.strategy}. It must
 * run that strategy, not the one the build saw.
 * <p>
 * The generated code, this module's classes and Spring Boot's context classes are loaded by one
 * child-first class loader, so that generated classes can reach package-private classes of their
 * package as they do in an application.
 */
class DiscoveryStrategyAotTests {

	@TempDir
	Path temp;

	@Test
	void aStrategyChosenAtRunTimeIsUsedByAContextProcessedAheadOfTimeWithAnother() throws Exception {
		ClassLoader loader = processAheadOfTimeAndCompile(
				new String[] { "spring.application.name=orders", "cluster.discovery.strategy=local" });
		int port = TestNodes.freePort("127.0.0.2");
		try (GenericApplicationContext context = generatedContext(loader, "spring.application.name=orders",
				"cluster.cookie=aot-test-cookie-0123456789abcdef", "cluster.discovery.strategy=static",
				"cluster.discovery.static.peers=127.0.0.3:" + port, "cluster.node.host=127.0.0.2",
				"cluster.transport.port=" + port)) {
			Object discovery = context.getBean(loader.loadClass("io.clusterboot.discovery.PeerDiscovery"));
			assertThat(discovery.getClass().getName()).isEqualTo("io.clusterboot.internal.discovery.StaticPeerDiscovery");
			Object cluster = context.getBean(loader.loadClass("io.clusterboot.Cluster"));
			Object self = cluster.getClass().getMethod("self").invoke(cluster);
			assertThat(self).hasToString("orders@127.0.0.2");
		}
	}

	@Test
	void theLocalStrategyChosenAtRunTimeIsUsedByAContextProcessedAheadOfTimeWithStatic() throws Exception {
		ClassLoader loader = processAheadOfTimeAndCompile(new String[] { "spring.application.name=orders",
				"cluster.cookie=aot-test-cookie-0123456789abcdef", "cluster.discovery.strategy=static",
				"cluster.discovery.static.peers=127.0.0.3:4370" });
		int port = TestNodes.freePort();
		try (GenericApplicationContext context = generatedContext(loader, "spring.application.name=orders",
				"cluster.cookie=aot-test-cookie-0123456789abcdef", "cluster.discovery.local.port-range=" + port)) {
			Object discovery = context.getBean(loader.loadClass("io.clusterboot.discovery.PeerDiscovery"));
			assertThat(discovery.getClass().getName()).isEqualTo("io.clusterboot.internal.discovery.LocalPeerDiscovery");
			Object cluster = context.getBean(loader.loadClass("io.clusterboot.Cluster"));
			Object self = cluster.getClass().getMethod("self").invoke(cluster);
			assertThat(self).hasToString("orders-" + port + "@127.0.0.1");
		}
	}

	/** What spring-boot:process-aot does for the build, then what the build's compiler does. */
	private ClassLoader processAheadOfTimeAndCompile(String[] buildProperties) throws IOException {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("io.clusterboot.autoconfigure", "AotTestApplication")), files);
		try (AnnotationConfigApplicationContext build = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of(buildProperties).applyTo(build);
			build.register(ClusterAutoConfiguration.class);
			ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(build, generation);
			generation.writeGeneratedContent();
			Path sources = this.temp.resolve("sources");
			Path classes = this.temp.resolve("classes");
			Files.createDirectories(classes);
			List<File> javaFiles = new ArrayList<>();
			for (Map.Entry<String, InputStreamSource> file : files.getGeneratedFiles(Kind.SOURCE).entrySet()) {
				javaFiles.add(write(sources.resolve(file.getKey()), file.getValue()).toFile());
			}
			for (Map.Entry<String, InputStreamSource> file : files.getGeneratedFiles(Kind.CLASS).entrySet()) {
				write(classes.resolve(file.getKey()), file.getValue());
			}
			compile(javaFiles, classes);
			ClassLoader loader = new ChildFirstClassLoader(
					new URL[] { classes.toUri().toURL(), location(ClusterAutoConfiguration.class),
							location(EnableConfigurationProperties.class) },
					getClass().getClassLoader());
			this.initializer = initializer.canonicalName();
			return loader;
		}
	}

	private String initializer;

	@SuppressWarnings("unchecked")
	private GenericApplicationContext generatedContext(ClassLoader loader, String... runProperties)
			throws Exception {
		GenericApplicationContext context = new GenericApplicationContext();
		context.setClassLoader(loader);
		TestPropertyValues.of(runProperties).applyTo(context);
		((ApplicationContextInitializer<GenericApplicationContext>) loader.loadClass(this.initializer)
			.getDeclaredConstructor()
			.newInstance()).initialize(context);
		context.refresh();
		return context;
	}

	private static URL location(Class<?> type) {
		return type.getProtectionDomain().getCodeSource().getLocation();
	}

	private static Path write(Path path, InputStreamSource content) throws IOException {
		Files.createDirectories(path.getParent());
		try (InputStream in = content.getInputStream()) {
			Files.copy(in, path);
		}
		return path;
	}

	private static void compile(List<File> javaFiles, Path classes) {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		assertThat(compiler).as("a JDK's compiler").isNotNull();
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classpath,
				"-proc:none", "-nowarn", "--release", "17"));
		javaFiles.forEach((file) -> arguments.add(file.getPath()));
		StringWriter errors = new StringWriter();
		int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
		assertThat(status).as("javac on the generated code %s", errors).isZero();
	}

	/** Loads this module's classes itself (beside the generated ones), everything else from its parent. */
	private static final class ChildFirstClassLoader extends URLClassLoader {

		ChildFirstClassLoader(URL[] urls, ClassLoader parent) {
			super(urls, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith("io.clusterboot.") && !name.startsWith("org.springframework.boot.context.")) {
				try {
					return super.loadClass(name, resolve);
				}
				catch (ClassNotFoundException ex) {
					// generated classes in other packages: below
				}
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					try {
						loaded = findClass(name);
					}
					catch (ClassNotFoundException ex) {
						return super.loadClass(name, resolve);
					}
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

	}

}
