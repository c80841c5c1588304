package io.clusterboot.internal.messaging;

import java.nio.charset.StandardCharsets;

/**
 * Turns payloads into bytes and back. {@code byte[]} and {@code String} pass as they are; anything
 * else goes through {@link #toJson}/{@link #fromJson}, which the Spring glue gives the application's
 * JSON mapper.
 */
public abstract class PayloadCodec {

	/** The payload is raw bytes. */
	public static final int BYTES = 0;

	/** The payload is UTF-8 text. */
	public static final int TEXT = 1;

	/** The payload is JSON. */
	public static final int JSON = 2;

	/**
	 * Encodes a payload.
	 * @param payload the payload, or {@code null}
	 * @return its kind and bytes
	 */
	public final Payload encode(Object payload) {
		if (payload == null) {
			return new Payload(JSON, "null".getBytes(StandardCharsets.US_ASCII));
		}
		if (payload instanceof byte[] bytes) {
			return new Payload(BYTES, bytes);
		}
		if (payload instanceof String text) {
			return new Payload(TEXT, text.getBytes(StandardCharsets.UTF_8));
		}
		return new Payload(JSON, toJson(payload));
	}

	/**
	 * Decodes a payload to the type a listener or a requester wants.
	 * @param <T> the type
	 * @param payload the payload
	 * @param type the type
	 * @return the value
	 */
	public final <T> T decode(Payload payload, Class<T> type) {
		if (type == byte[].class) {
			return type.cast(payload.bytes());
		}
		if (type == String.class && payload.kind() != JSON) {
			return type.cast(new String(payload.bytes(), StandardCharsets.UTF_8));
		}
		if (type == Void.class || type == void.class) {
			return null;
		}
		if (payload.kind() == JSON) {
			return fromJson(payload.bytes(), type);
		}
		if (type == Object.class) {
			return type.cast((payload.kind() == TEXT) ? new String(payload.bytes(), StandardCharsets.UTF_8)
					: payload.bytes());
		}
		throw new IllegalArgumentException("a " + ((payload.kind() == TEXT) ? "text" : "byte") + " payload cannot be "
				+ "read as " + type.getName());
	}

	/**
	 * Writes any other payload as JSON.
	 * @param payload the payload
	 * @return the JSON
	 */
	protected abstract byte[] toJson(Object payload);

	/**
	 * Reads JSON.
	 * @param <T> the type
	 * @param json the JSON
	 * @param type the type
	 * @return the value
	 */
	protected abstract <T> T fromJson(byte[] json, Class<T> type);

	/**
	 * A payload on the wire.
	 *
	 * @param kind {@link #BYTES}, {@link #TEXT} or {@link #JSON}
	 * @param bytes the bytes
	 */
	public record Payload(int kind, byte[] bytes) {
	}

}
