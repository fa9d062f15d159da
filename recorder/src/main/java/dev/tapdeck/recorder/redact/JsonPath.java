package dev.tapdeck.recorder.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small subset of JSONPath naming values of WebSocket text messages to redact ({@code --redact-json}):
 * {@code $} then steps {@code .name}, {@code ['name']}, {@code [*]} (every element or member) and {@code [N]}
 * (one array element), e.g. {@code $.auth.token} or {@code $.users[*].password}. A selected value is replaced
 * whole (objects and arrays too) by its placeholder string.
 */
public final class JsonPath {
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_$][\\w$-]*)|\\['([^']*)']|\\[\\*]|\\.\\*|\\[(\\d+)]");

    /** One step: a member name, an index, or any (null name, index -1). */
    private record Step(String name, int index) {
        boolean any() {
            return name == null && index < 0;
        }
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    public static JsonPath parse(String path) {
        String p = path == null ? "" : path.trim();
        if (!p.startsWith("$")) {
            throw new IllegalArgumentException("JSON path '" + path + "' must start with $ (e.g. $.auth.token)");
        }
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(p);
        int at = 1;
        while (at < p.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("JSON path '" + path + "': unsupported syntax at character " + at
                        + " (supported: .name, ['name'], [*], .*, [N])");
            }
            if (m.group(1) != null || m.group(2) != null) {
                steps.add(new Step(m.group(1) != null ? m.group(1) : m.group(2), -1));
            } else if (m.group(3) != null) {
                steps.add(new Step(null, Integer.parseInt(m.group(3))));
            } else {
                steps.add(new Step(null, -1));
            }
            at = m.end();
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("JSON path '" + path + "' selects the whole message; name a value in it");
        }
        return new JsonPath(p, steps);
    }

    /**
     * Replaces every value this path selects in {@code root} by {@code replace(value)}; returns how many.
     */
    public int replace(JsonNode root, Function<JsonNode, String> replace) {
        return replace(root, 0, replace);
    }

    private int replace(JsonNode node, int depth, Function<JsonNode, String> replace) {
        Step step = steps.get(depth);
        boolean last = depth == steps.size() - 1;
        int count = 0;
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            if (step.any()) {
                o.fieldNames().forEachRemaining(names::add);
            } else if (step.name() != null && o.has(step.name())) {
                names.add(step.name());
            }
            for (String n : names) {
                if (last) {
                    o.set(n, new TextNode(replace.apply(o.get(n))));
                    count++;
                } else {
                    count += replace(o.get(n), depth + 1, replace);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (step.any() || step.index() == i) {
                    if (last) {
                        a.set(i, new TextNode(replace.apply(a.get(i))));
                        count++;
                    } else {
                        count += replace(a.get(i), depth + 1, replace);
                    }
                }
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return text;
    }
}
