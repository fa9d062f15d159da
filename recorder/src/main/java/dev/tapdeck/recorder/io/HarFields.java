package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.HttpHead;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** HAR 1.2 fields to and from the recorder's terms, for {@link HarExporter} and {@link HarImporter}. */
final class HarFields {
    private HarFields() {
    }

    static HttpHead requestHead(JsonNode req) {
        String url = req.path("url").asText("/");
        String uri = url;
        try {
            URI u = URI.create(url);
            if (u.getRawPath() != null && u.getScheme() != null) {
                uri = (u.getRawPath().isEmpty() ? "/" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            }
        } catch (IllegalArgumentException e) {
            // not a URI: kept as the request target it claims to be
        }
        return HttpHead.request(req.path("method").asText("GET"), uri, version(req), headers(req));
    }

    static HttpHead responseHead(JsonNode res) {
        return HttpHead.response(res.path("status").asInt(), version(res), headers(res));
    }

    private static List<java.util.Map.Entry<String, String>> headers(JsonNode message) {
        List<java.util.Map.Entry<String, String>> out = new ArrayList<>();
        for (JsonNode h : message.path("headers")) {
            out.add(java.util.Map.entry(h.path("name").asText(), h.path("value").asText()));
        }
        return out;
    }

    /** Browsers write "http/1.1", "h2" or "" (unknown): the recording format keeps "HTTP/1.1". */
    private static String version(JsonNode message) {
        String v = message.path("httpVersion").asText("");
        if (v.isEmpty()) {
            return "HTTP/1.1";
        }
        return v.regionMatches(true, 0, "http/", 0, 5) ? v.toUpperCase(java.util.Locale.ROOT) : v;
    }

    /** The body of a postData or content object; {@code encodingField} names its base64 marker. */
    static byte[] text(JsonNode holder, String encodingField) {
        String text = holder.path("text").asText("");
        boolean base64 = "base64".equals(holder.path(encodingField).asText()) || "base64".equals(holder.path("encoding").asText());
        return base64 ? Base64.getMimeDecoder().decode(text) : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String upstreamOf(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() != null && u.getRawAuthority() != null) {
                return u.getScheme() + "://" + u.getRawAuthority();
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        return "";
    }

    static Instant instant(JsonNode e) {
        try {
            return java.time.OffsetDateTime.parse(e.path("startedDateTime").asText()).toInstant();
        } catch (java.time.format.DateTimeParseException ex) {
            return Instant.EPOCH;
        }
    }

    /** The query of a request target as HAR queryString elements (decoded, as HAR wants them). */
    static void queryString(JsonGenerator g, String uri) throws IOException {
        int q = uri.indexOf('?');
        if (q < 0) {
            return;
        }
        for (String pair : uri.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            g.writeStartObject();
            g.writeStringField("name", decode(eq < 0 ? pair : pair.substring(0, eq)));
            g.writeStringField("value", eq < 0 ? "" : decode(pair.substring(eq + 1)));
            g.writeEndObject();
        }
    }

    /** The absolute URL of a request target: as is, or on the upstream, or on the Host header. */
    static String url(URI upstream, String uri, String host) {
        if (uri.startsWith("http://") || uri.startsWith("https://") || uri.startsWith("ws://") || uri.startsWith("wss://")) {
            return uri;
        }
        if (upstream != null) {
            return upstream.getScheme() + "://" + upstream.getRawAuthority() + uri;
        }
        return "http://" + (host == null ? "upstream.invalid" : host) + uri;
    }

    static String mimeType(JsonNode head) {
        String type = RecordedLines.header(head, "Content-Type");
        return type == null ? "" : type;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
