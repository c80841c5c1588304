package io.clusterboot.actuate;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * The formats of {@code /actuator/cluster}, chosen by the request's {@code Accept} header.
 * <p>
 * Boot picks the constant with the highest ordinal among those the client accepts, and the default
 * for {@code *}{@code /*}: so a browser, which sends {@code text/html,…,*}{@code /*}, gets the page, and
 * every other client gets JSON. Keep {@link #HTML} last.
 */
public enum ClusterFormat implements Producible<ClusterFormat> {

	/** JSON for clients that ask for the actuator's own media type only. */
	ACTUATOR_JSON(MimeType.valueOf("application/vnd.spring-boot.actuator.v3+json")),

	/** JSON for tools: the default, also for a request without {@code Accept}. */
	JSON(MimeTypeUtils.APPLICATION_JSON) {

		@Override
		public boolean isDefault() {
			return true;
		}

	},

	/** The status page for browsers. */
	HTML(MimeTypeUtils.TEXT_HTML);

	private final MimeType mimeType;

	ClusterFormat(MimeType mimeType) {
		this.mimeType = mimeType;
	}

	@Override
	public MimeType getProducedMimeType() {
		return this.mimeType;
	}

}
