package io.clusterboot.internal.messaging;

import tools.jackson.databind.json.JsonMapper;

/**
 * Payloads as JSON through the application's own mapper, so its modules and settings apply.
 */
public final class JsonPayloadCodec extends PayloadCodec {

	private final JsonMapper mapper;

	/**
	 * Creates the codec.
	 * @param mapper the application's mapper
	 */
	public JsonPayloadCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	protected byte[] toJson(Object payload) {
		return this.mapper.writeValueAsBytes(payload);
	}

	@Override
	protected <T> T fromJson(byte[] json, Class<T> type) {
		return this.mapper.readValue(json, type);
	}

}
