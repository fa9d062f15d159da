package dev.tapdeck.recorder;

import java.util.List;
import java.util.Map;

/**
 * The start line and headers of an HTTP message, as relayed. Headers keep their order and duplicates.
 *
 * @param method  request method, null for a response
 * @param uri     request target, null for a response
 * @param status  response status, 0 for a request
 * @param headers name and value pairs in wire order
 */
public record HttpHead(String method, String uri, int status, String version, List<Map.Entry<String, String>> headers) {
    public HttpHead {
        headers = headers.stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    public static HttpHead request(String method, String uri, String version, List<Map.Entry<String, String>> headers) {
        return new HttpHead(method, uri, 0, version, headers);
    }

    public static HttpHead response(int status, String version, List<Map.Entry<String, String>> headers) {
        return new HttpHead(null, null, status, version, headers);
    }

    public String header(String name) {
        return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    public boolean isRequest() {
        return method != null;
    }
}
