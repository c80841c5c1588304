package io.clusterboot.actuate;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;

/**
 * The Mustache templates of the pages, which share one style sheet as a partial
 * ({@code {{> cluster-style}}}), and what the pages share: the auto-refresh choices.
 */
final class PageTemplates {

	static final int MIN_REFRESH_SECONDS = 1;

	static final int MAX_REFRESH_SECONDS = 3600;

	private static final List<Integer> REFRESH_CHOICES = List.of(5, 30);

	private static final String FOLDER = "io/clusterboot/actuate/";

	private PageTemplates() {
	}

	/**
	 * A template of this folder compiled when first used: a page nobody opens costs the application's
	 * start-up nothing (the compiler and its classes included).
	 * @param name its name without {@code .mustache}
	 * @return the template's supplier, which compiles it once
	 */
	static java.util.function.Supplier<Template> lazily(String name) {
		return new java.util.function.Supplier<>() {

			private volatile Template template;

			@Override
			public Template get() {
				Template compiled = this.template;
				if (compiled == null) {
					synchronized (this) {
						compiled = this.template;
						if (compiled == null) {
							compiled = compile(name);
							this.template = compiled;
						}
					}
				}
				return compiled;
			}

		};
	}

	/**
	 * Compiles a template of this folder.
	 * @param name its name without {@code .mustache}
	 * @return the template
	 */
	static Template compile(String name) {
		// A typo in a template fails the tests instead of rendering blanks: only nulls become "".
		Mustache.Compiler compiler = Mustache.compiler()
			.escapeHTML(true)
			.nullValue("")
			.withLoader((partial) -> reader(partial));
		try (Reader reader = reader(name)) {
			return compiler.compile(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the template " + name, ex);
		}
	}

	private static Reader reader(String name) throws IOException {
		ClassPathResource resource = new ClassPathResource(FOLDER + name + ".mustache",
				PageTemplates.class.getClassLoader());
		return new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8);
	}

	/**
	 * The refresh interval asked for, within bounds.
	 * @param refresh seconds, or {@code null}
	 * @return the seconds to reload after, or {@code null} for never
	 */
	static @Nullable Integer refreshSeconds(@Nullable Integer refresh) {
		return (refresh != null) ? Math.max(MIN_REFRESH_SECONDS, Math.min(MAX_REFRESH_SECONDS, refresh)) : null;
	}

	/**
	 * The links of the auto-refresh choices.
	 * @param seconds the current interval, or {@code null}
	 * @return the choices, the current one marked
	 */
	static List<RefreshChoice> refreshChoices(@Nullable Integer seconds) {
		List<RefreshChoice> choices = new ArrayList<>();
		choices.add(new RefreshChoice("off", null, seconds == null));
		for (Integer choice : REFRESH_CHOICES) {
			choices.add(new RefreshChoice(choice + " s", choice, choice.equals(seconds)));
		}
		return choices;
	}

	record Refresh(int seconds) {
	}

	record RefreshChoice(String label, @Nullable Integer seconds, boolean current) {
	}

}
