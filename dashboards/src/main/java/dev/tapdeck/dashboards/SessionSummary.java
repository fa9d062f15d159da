package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.HeaderRedactor;
import dev.tapdeck.recorder.RecordingFormat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One row of the sessions list, folded from the session's recording lines (live or read from a file, the
 * same code): who, where, when, how much, and how many rule occurrences of each severity.
 */
final class SessionSummary {
    /** Distinct rule ids listed per session (the counts go on past it). */
    private static final int MAX_RULES = 32;

    private final String id;
    private String protocol;
    private String listener;
    private String client;
    private String upstream;
    private String user;
    private String endpoint;
    private String path;
    private long startedAtMillis;
    private long firstT = -1;
    private long lastT;
    private boolean ended;
    private String endReason;
    private boolean incomplete;
    private long bytesC2s;
    private long bytesS2c;
    private int exchanges;
    private int commands;
    private int violations;
    private int warnings;
    private int notices;
    private long events;
    private final Set<String> rules = new TreeSet<>();

    SessionSummary(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    boolean ended() {
        return ended;
    }

    void apply(JsonNode line) {
        events++;
        long t = line.path("t").asLong(0);
        if (firstT < 0) {
            firstT = t;
        }
        lastT = Math.max(lastT, t);
        String type = line.path("type").asText("");
        switch (type) {
            case "header" -> header(line);
            case "http" -> http(line);
            case "ws-handshake" -> {
                exchanges++;
                JsonNode request = line.path("request");
                firstPath(request.path("uri").asText(null));
                if (endpoint == null) {
                    endpoint = request.path("uri").asText(null);
                }
                userFrom(request);
                violations(line.path("violations"));
            }
            case "ws-chunk" -> {
                if ("c2s".equals(line.path("dir").asText())) {
                    bytesC2s += EventLines.bytesOf(line, "data");
                } else {
                    bytesS2c += EventLines.bytesOf(line, "data");
                }
            }
            case "ws-violation" -> count(line.path("violation"));
            case "audit" -> {
                commands++;
                if (user == null && line.hasNonNull("user")) {
                    user = line.get("user").asText();
                }
                if (endpoint == null && line.hasNonNull("endpoint")) {
                    endpoint = line.get("endpoint").asText();
                }
            }
            case "end" -> {
                ended = true;
                endReason = line.path("reason").asText(null);
                incomplete = line.path("incomplete").asBoolean(false);
                JsonNode bytes = line.path("bytes");
                bytesC2s = bytes.path("c2s").asLong(bytesC2s);
                bytesS2c = bytes.path("s2c").asLong(bytesS2c);
            }
            default -> {
                // frames, messages, closes, plug-in decisions: shown in the timeline, nothing to sum here
            }
        }
    }

    private void header(JsonNode h) {
        protocol = h.path("protocol").asText(null);
        listener = h.path("listener").asText(null);
        client = h.path("client").asText(null);
        upstream = h.path("upstream").asText(null);
        try {
            startedAtMillis = Instant.parse(h.path("startedAt").asText("")).toEpochMilli();
        } catch (DateTimeParseException e) {
            startedAtMillis = 0;
        }
    }

    private void http(JsonNode line) {
        boolean request = "c2s".equals(line.path("dir").asText());
        if (request) {
            exchanges++;
            bytesC2s += EventLines.bytesOf(line, "body");
            firstPath(line.path("head").path("uri").asText(null));
            userFrom(line.path("head"));
            String resourceUri = line.path("decoded").path("envelope").path("header").path("resourceUri").asText(null);
            if (endpoint == null && resourceUri != null && !resourceUri.isEmpty()) {
                // the session configuration (Microsoft.PowerShell, JEARole) or "cmd", as the audit log names it
                endpoint = resourceUri.substring(resourceUri.lastIndexOf('/') + 1);
            }
        } else {
            bytesS2c += EventLines.bytesOf(line, "body");
        }
        violations(line.path("violations"));
    }

    private void firstPath(String p) {
        if (path == null) {
            path = p;
        }
    }

    /** The Basic user: redacted heads keep it as {@code Basic user=NAME <redacted …>}. */
    private void userFrom(JsonNode head) {
        if (user != null) {
            return;
        }
        for (JsonNode h : head.path("headers")) {
            if (!"authorization".equals(h.path(0).asText().toLowerCase(Locale.ROOT))) {
                continue;
            }
            String v = h.path(1).asText("").trim();
            int at = v.indexOf(" user=");
            if (at > 0) {
                int end = v.indexOf(' ', at + 6);
                user = v.substring(at + 6, end < 0 ? v.length() : end);
            } else if (v.regionMatches(true, 0, "Basic ", 0, 6)) {
                user = HeaderRedactor.basicUser(v.substring(6).trim());
            }
        }
    }

    private void violations(JsonNode list) {
        for (JsonNode v : list) {
            count(v);
        }
    }

    private void count(JsonNode v) {
        switch (v.path("severity").asText("")) {
            case "VIOLATION" -> violations++;
            case "WARNING" -> warnings++;
            case "NOTICE" -> notices++;
            default -> {
                return;
            }
        }
        if (rules.size() < MAX_RULES) {
            rules.add(v.path("rule").asText("?"));
        }
    }

    /** The row as JSON; a live session's duration runs up to {@code nowMillis}. */
    ObjectNode toJson(long nowMillis, boolean live) {
        long durationMillis = (ended || !live || startedAtMillis == 0)
                ? (lastT - Math.max(firstT, 0)) / 1_000_000 : Math.max(0, nowMillis - startedAtMillis);
        ObjectNode n = RecordingFormat.mapper().createObjectNode();
        n.put("id", id).put("protocol", protocol).put("listener", listener).put("client", client)
                .put("user", user).put("upstream", upstream).put("endpoint", endpoint).put("path", path)
                .put("startedAt", startedAtMillis == 0 ? null : Instant.ofEpochMilli(startedAtMillis).toString())
                .put("durationMillis", durationMillis).put("ended", ended).put("endReason", endReason)
                .put("incomplete", incomplete).put("exchanges", exchanges).put("commands", commands)
                .put("events", events).put("violations", violations).put("warnings", warnings).put("notices", notices);
        n.putObject("bytes").put("c2s", bytesC2s).put("s2c", bytesS2c);
        rules.forEach(n.putArray("rules")::add);
        return n;
    }
}
