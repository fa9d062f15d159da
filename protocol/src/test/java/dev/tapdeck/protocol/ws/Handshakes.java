package dev.tapdeck.protocol.ws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Valid opening handshakes to start from (RFC 6455 1.3 example), changed field by field: a pair
 * {@code ("Name", "value")} replaces the field, {@code ("Name", null)} removes it, {@code ("+Name", "value")}
 * adds one more line of it.
 */
public final class Handshakes {
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private Handshakes() {
    }

    public static HandshakeRequest request(String... changes) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("server.example.com"));
        h.put("Upgrade", List.of("websocket"));
        h.put("Connection", List.of("Upgrade"));
        h.put("Sec-WebSocket-Key", List.of(KEY));
        h.put("Origin", List.of("http://example.com"));
        h.put("Sec-WebSocket-Version", List.of("13"));
        return new HandshakeRequest("GET", "HTTP/1.1", HeaderFields.of(apply(h, changes)));
    }

    /** A 101 whose Accept answers the request's first key. */
    public static HandshakeResponse response(HandshakeRequest request, String... changes) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Upgrade", List.of("websocket"));
        h.put("Connection", List.of("Upgrade"));
        List<String> keys = request.headers().all("Sec-WebSocket-Key");
        h.put("Sec-WebSocket-Accept", List.of(HandshakeChecker.acceptFor(keys.isEmpty() ? KEY : keys.get(0))));
        return new HandshakeResponse(101, "HTTP/1.1", HeaderFields.of(apply(h, changes)));
    }

    private static Map<String, List<String>> apply(Map<String, List<String>> h, String... changes) {
        for (int i = 0; i < changes.length; i += 2) {
            String name = changes[i];
            String value = changes[i + 1];
            if (name.startsWith("+")) {
                List<String> lines = new ArrayList<>(h.getOrDefault(name.substring(1), List.of()));
                lines.add(value);
                h.put(name.substring(1), lines);
            } else if (value == null) {
                h.remove(name);
            } else {
                h.put(name, List.of(value));
            }
        }
        return h;
    }
}
