package io.clusterboot.autoconfigure;

import java.util.Set;
import java.util.TreeSet;

/**
 * The property names of a {@code spring-configuration-metadata.json}: the {@code name} of each entry of
 * its top-level {@code properties} array, in one pass. Not a JSON parser: it reads the shape that
 * Spring Boot's annotation processor writes, and nothing there is interpreted but names. A general
 * parser is the wrong tool here: Jackson loads some sixty classes into every start-up for this one
 * file, and Spring Boot's small parser re-reads nested text and took 125 ms on ours.
 */
final class MetadataPropertyNames {

	private MetadataPropertyNames() {
	}

	static Set<String> of(String json) {
		Set<String> names = new TreeSet<>();
		int depth = 0;
		boolean inProperties = false;
		String key = null;
		int i = 0;
		while (i < json.length()) {
			char c = json.charAt(i);
			if (c == '"') {
				int end = closingQuote(json, i);
				String text = json.substring(i + 1, end);
				i = skipSpace(json, end + 1);
				if (i < json.length() && json.charAt(i) == ':') {
					key = text;
					i++;
					continue;
				}
				if (inProperties && depth == 3 && "name".equals(key)) {
					names.add(text);
				}
				key = null;
				continue;
			}
			if (c == '{' || c == '[') {
				depth++;
				if (c == '[' && depth == 2 && "properties".equals(key)) {
					inProperties = true;
				}
				key = null;
			}
			else if (c == '}' || c == ']') {
				if (depth == 2) {
					inProperties = false;
				}
				depth--;
				key = null;
			}
			i++;
		}
		return names;
	}

	private static int closingQuote(String json, int open) {
		int i = open + 1;
		while (i < json.length() && json.charAt(i) != '"') {
			i += (json.charAt(i) == '\\') ? 2 : 1;
		}
		return Math.min(i, json.length());
	}

	private static int skipSpace(String json, int from) {
		int i = from;
		while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
			i++;
		}
		return i;
	}

}
