package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Plain HTTP against a test application, with full control of the {@code Accept} header.
 */
final class Http {

	/** What Chromium sends when it loads a page. */
	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
			+ "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private Http() {
	}

	static String url(ConfigurableApplicationContext context, String path) {
		String port = context.getEnvironment().getProperty("local.server.port");
		return "http://127.0.0.1:" + port + path;
	}

	static HttpResponse<String> get(ConfigurableApplicationContext context, String path, String accept) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(context, path)))
			.timeout(Duration.ofSeconds(30));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(request.GET().build());
	}

	static HttpResponse<String> post(ConfigurableApplicationContext context, String path) {
		return send(HttpRequest.newBuilder(URI.create(url(context, path)))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
