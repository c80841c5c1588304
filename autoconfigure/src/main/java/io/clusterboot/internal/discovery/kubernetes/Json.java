package io.clusterboot.internal.discovery.kubernetes;

import java.util.Arrays;
import java.util.Iterator;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;

/**
 * Reads the few fields discovery needs from Kubernetes JSON. Objects are read as trees rather than as
 * client-java's generated models, which reject any field they do not know, so that a newer API server
 * that adds a field to Pods or EndpointSlices does not break discovery.
 */
final class Json {

	private static final Gson gson = new GsonBuilder().setStrictness(Strictness.STRICT).create();

	private Json() {
	}

	/**
	 * Parses a JSON object.
	 * @param text the JSON text
	 * @return the object
	 * @throws MalformedObjectException if the text is not one JSON object
	 */
	static JsonObject parseObject(String text) {
		JsonElement element;
		try {
			element = gson.fromJson(text, JsonElement.class);
		}
		catch (JsonParseException ex) {
			throw new MalformedObjectException("not JSON (" + ex.getMessage() + ")", ex);
		}
		if (element == null || !element.isJsonObject()) {
			throw new MalformedObjectException("not a JSON object");
		}
		return element.getAsJsonObject();
	}

	/** The object at a path of field names, or {@code null} if absent. */
	static JsonObject object(JsonObject parent, String... path) {
		JsonElement element = at(parent, path);
		if (element == null) {
			return null;
		}
		if (!element.isJsonObject()) {
			throw new MalformedObjectException(String.join(".", path) + " is not an object");
		}
		return element.getAsJsonObject();
	}

	/** The array at a path of field names, empty if absent. */
	static JsonArray array(JsonObject parent, String... path) {
		JsonElement element = at(parent, path);
		if (element == null) {
			return new JsonArray();
		}
		if (!element.isJsonArray()) {
			throw new MalformedObjectException(String.join(".", path) + " is not an array");
		}
		return element.getAsJsonArray();
	}

	/** The string at a path of field names, or {@code null} if absent. */
	static String string(JsonObject parent, String... path) {
		JsonPrimitive primitive = primitive(parent, path);
		return (primitive != null) ? primitive.getAsString() : null;
	}

	/** The boolean at a path of field names, or {@code null} if absent. */
	static Boolean bool(JsonObject parent, String... path) {
		JsonPrimitive primitive = primitive(parent, path);
		if (primitive == null) {
			return null;
		}
		if (!primitive.isBoolean()) {
			throw new MalformedObjectException(String.join(".", path) + " is not a boolean");
		}
		return primitive.getAsBoolean();
	}

	/** The integer at a path of field names, or {@code null} if absent. */
	static Integer integer(JsonObject parent, String... path) {
		JsonPrimitive primitive = primitive(parent, path);
		if (primitive == null) {
			return null;
		}
		if (!primitive.isNumber()) {
			throw new MalformedObjectException(String.join(".", path) + " is not a number");
		}
		try {
			return primitive.getAsInt();
		}
		catch (NumberFormatException ex) {
			throw new MalformedObjectException(String.join(".", path) + " is not an integer", ex);
		}
	}

	/** The elements of an array that must be objects. */
	static Iterable<JsonObject> objects(JsonArray array, String what) {
		return () -> new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return this.next < array.size();
			}

			@Override
			public JsonObject next() {
				JsonElement element = array.get(this.next++);
				if (!element.isJsonObject()) {
					throw new MalformedObjectException(what + " has an element that is not an object");
				}
				return element.getAsJsonObject();
			}

		};
	}

	private static JsonPrimitive primitive(JsonObject parent, String... path) {
		JsonElement element = at(parent, path);
		if (element == null) {
			return null;
		}
		if (!element.isJsonPrimitive()) {
			throw new MalformedObjectException(String.join(".", path) + " is not a value");
		}
		return element.getAsJsonPrimitive();
	}

	private static JsonElement at(JsonObject parent, String... path) {
		JsonElement current = parent;
		for (int i = 0; i < path.length; i++) {
			if (!current.isJsonObject()) {
				throw new MalformedObjectException(String.join(".", Arrays.copyOf(path, i)) + " is not an object");
			}
			current = current.getAsJsonObject().get(path[i]);
			if (current == null || current.isJsonNull()) {
				return null;
			}
		}
		return current;
	}

}
