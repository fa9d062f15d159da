package dev.tapdeck.protocol.ws;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The header fields of an HTTP head as a multi-map: field names compare ASCII case-insensitively
 * (RFC 7230 3.2), and each field line keeps its own entry so repeated fields stay visible.
 */
public final class HeaderFields {
    private final Map<String, List<String>> fields;

    private HeaderFields(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** Copies a multi-map whose names may differ in case; lists of the same name are concatenated. */
    public static HeaderFields of(Map<String, ? extends List<String>> map) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        return new HeaderFields(Collections.unmodifiableMap(copy));
    }

    /** From alternating names and values, one entry per field line: {@code of("Host", "a", "Upgrade", "websocket")}. */
    public static HeaderFields of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.computeIfAbsent(namesAndValues[i], n -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return of(map);
    }

    /** Every field line with this name, in order; empty when absent. */
    public List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return !all(name).isEmpty();
    }

    /** The elements of a comma-separated list field over all its lines, trimmed (RFC 7230 7). */
    public List<String> listElements(String name) {
        List<String> elements = new ArrayList<>();
        for (String line : all(name)) {
            for (String element : line.split(",", -1)) {
                elements.add(element.trim());
            }
        }
        return elements;
    }

    /** True when a list field holds the token, ASCII case-insensitively, ignoring a "/version" suffix. */
    public boolean listContains(String name, String token) {
        for (String element : listElements(name)) {
            int slash = element.indexOf('/');
            String product = slash < 0 ? element : element.substring(0, slash);
            if (product.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    public Map<String, List<String>> asMap() {
        return fields;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
