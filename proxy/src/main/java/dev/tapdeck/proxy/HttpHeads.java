package dev.tapdeck.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Header fields of HTTP messages as Vert.x parsed them, in the forms the relays, the recorder and the checkers need. */
final class HttpHeads {
    private HttpHeads() {
    }

    static List<Map.Entry<String, String>> entries(MultiMap headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        headers.forEach(h -> list.add(Map.entry(h.getKey(), h.getValue())));
        return list;
    }

    /** Every field line in wire order, names as the client wrote them (hop-by-hop ones included: they ARE the upgrade). */
    static MultiMap copy(MultiMap in) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        in.forEach(h -> out.add(h.getKey(), h.getValue()));
        return out;
    }

    static String versionOf(HttpVersion v) {
        return v == HttpVersion.HTTP_1_0 ? "HTTP/1.0" : v == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
    }
}
