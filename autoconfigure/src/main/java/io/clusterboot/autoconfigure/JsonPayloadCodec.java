package io.clusterboot.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

import io.clusterboot.internal.messaging.PayloadCodec;

/**
 * Payloads as JSON through the application's own mapper, so its modules and settings apply.
 */
final class JsonPayloadCodec extends PayloadCodec {

	private final JsonMapper mapper;

	JsonPayloadCodec(JsonMapper mapper) {
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
