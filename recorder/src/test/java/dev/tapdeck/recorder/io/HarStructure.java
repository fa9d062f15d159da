package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The HAR 1.2 structure (http://www.softwareishard.com/blog/har-12-spec/) as a checker: required fields
 * and their types, ISO 8601 dates, absolute URLs, timings, entry time = sum of timings, and that every
 * field the spec does not define starts with an underscore ("custom fields ... must start with '_'").
 * Returns the problems found, each with its JSON path; empty when the document conforms.
 */
public final class HarStructure {
    private static final Set<String> LOG = Set.of("version", "creator", "browser", "pages", "entries", "comment");
    private static final Set<String> CREATOR = Set.of("name", "version", "comment");
    private static final Set<String> ENTRY = Set.of("pageref", "startedDateTime", "time", "request", "response", "cache",
            "timings", "serverIPAddress", "connection", "comment");
    private static final Set<String> REQUEST = Set.of("method", "url", "httpVersion", "cookies", "headers", "queryString",
            "postData", "headersSize", "bodySize", "comment");
    private static final Set<String> RESPONSE = Set.of("status", "statusText", "httpVersion", "cookies", "headers", "content",
            "redirectURL", "headersSize", "bodySize", "comment");
    private static final Set<String> NAME_VALUE = Set.of("name", "value", "comment");
    private static final Set<String> POST_DATA = Set.of("mimeType", "params", "text", "comment");
    private static final Set<String> CONTENT = Set.of("size", "compression", "mimeType", "text", "encoding", "comment");
    private static final Set<String> CACHE = Set.of("beforeRequest", "afterRequest", "comment");
    private static final Set<String> TIMINGS = Set.of("blocked", "dns", "connect", "send", "wait", "receive", "ssl", "comment");
    private static final Set<String> WS_MESSAGE = Set.of("type", "time", "opcode", "data");

    private final List<String> problems = new ArrayList<>();

    public static List<String> check(JsonNode har) {
        HarStructure s = new HarStructure();
        s.fields(har, "", Set.of("log"));
        JsonNode log = s.object(har, "log", "");
        s.fields(log, "log", LOG);
        s.string(log, "version", "log");
        s.fields(s.object(log, "creator", "log"), "log.creator", CREATOR);
        s.string(log.path("creator"), "name", "log.creator");
        s.string(log.path("creator"), "version", "log.creator");
        JsonNode entries = s.array(log, "entries", "log");
        for (int i = 0; i < entries.size(); i++) {
            s.entry(entries.get(i), "log.entries[" + i + "]");
        }
        return s.problems;
    }

    private void entry(JsonNode e, String at) {
        fields(e, at, ENTRY);
        String started = string(e, "startedDateTime", at);
        try {
            OffsetDateTime.parse(started);
        } catch (RuntimeException ex) {
            problems.add(at + ".startedDateTime is not ISO 8601: " + started);
        }
        double time = number(e, "time", at);
        request(object(e, "request", at), at + ".request");
        response(object(e, "response", at), at + ".response");
        fields(object(e, "cache", at), at + ".cache", CACHE);
        JsonNode t = object(e, "timings", at);
        fields(t, at + ".timings", TIMINGS);
        double sum = 0;
        for (String required : List.of("send", "wait", "receive")) {
            double v = number(t, required, at + ".timings");
            if (v < 0) {
                problems.add(at + ".timings." + required + " is negative");
            }
            sum += Math.max(v, 0);
        }
        for (String optional : List.of("blocked", "dns", "connect", "ssl")) {
            if (t.has(optional)) {
                double v = number(t, optional, at + ".timings");
                if (v < -1) {
                    problems.add(at + ".timings." + optional + " is below -1");
                }
                sum += Math.max(v, 0);
            }
        }
        if (Math.abs(sum - time) > 0.002) {
            problems.add(at + ".time " + time + " is not the sum of its timings " + sum);
        }
        JsonNode messages = e.path("_webSocketMessages");
        for (int i = 0; i < messages.size(); i++) {
            String m = at + "._webSocketMessages[" + i + "]";
            fields(messages.get(i), m, WS_MESSAGE);
            String type = string(messages.get(i), "type", m);
            if (!type.equals("send") && !type.equals("receive")) {
                problems.add(m + ".type is " + type);
            }
            number(messages.get(i), "time", m);
            number(messages.get(i), "opcode", m);
            string(messages.get(i), "data", m);
        }
    }

    private void request(JsonNode r, String at) {
        fields(r, at, REQUEST);
        string(r, "method", at);
        String url = string(r, "url", at);
        try {
            if (!URI.create(url).isAbsolute()) {
                problems.add(at + ".url is not absolute: " + url);
            }
        } catch (IllegalArgumentException e) {
            problems.add(at + ".url is not a URL: " + url);
        }
        string(r, "httpVersion", at);
        array(r, "cookies", at);
        nameValues(r, "headers", at);
        nameValues(r, "queryString", at);
        if (r.has("postData")) {
            JsonNode p = object(r, "postData", at);
            fields(p, at + ".postData", POST_DATA);
            string(p, "mimeType", at + ".postData");
            array(p, "params", at + ".postData");
            string(p, "text", at + ".postData");
        }
        number(r, "headersSize", at);
        number(r, "bodySize", at);
    }

    private void response(JsonNode r, String at) {
        fields(r, at, RESPONSE);
        number(r, "status", at);
        string(r, "statusText", at);
        string(r, "httpVersion", at);
        array(r, "cookies", at);
        nameValues(r, "headers", at);
        JsonNode c = object(r, "content", at);
        fields(c, at + ".content", CONTENT);
        number(c, "size", at + ".content");
        string(c, "mimeType", at + ".content");
        if (c.has("text")) {
            string(c, "text", at + ".content");
        }
        if (c.has("encoding")) {
            string(c, "encoding", at + ".content");
        }
        string(r, "redirectURL", at);
        number(r, "headersSize", at);
        number(r, "bodySize", at);
    }

    private void nameValues(JsonNode parent, String field, String at) {
        JsonNode a = array(parent, field, at);
        for (int i = 0; i < a.size(); i++) {
            String p = at + "." + field + "[" + i + "]";
            fields(a.get(i), p, NAME_VALUE);
            string(a.get(i), "name", p);
            string(a.get(i), "value", p);
        }
    }

    /** Every field is one the spec names, or a custom one starting with '_'. */
    private void fields(JsonNode n, String at, Set<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f) && !f.startsWith("_")) {
                problems.add(at + "." + f + " is neither a HAR 1.2 field nor a custom '_' field");
            }
        }
    }

    private JsonNode object(JsonNode parent, String field, String at) {
        JsonNode n = parent.path(field);
        if (!n.isObject()) {
            problems.add(at + "." + field + " must be an object");
        }
        return n;
    }

    private JsonNode array(JsonNode parent, String field, String at) {
        JsonNode n = parent.path(field);
        if (!n.isArray()) {
            problems.add(at + "." + field + " must be an array");
        }
        return n;
    }

    private String string(JsonNode parent, String field, String at) {
        JsonNode n = parent.path(field);
        if (!n.isTextual()) {
            problems.add(at + "." + field + " must be a string");
        }
        return n.asText("");
    }

    private double number(JsonNode parent, String field, String at) {
        JsonNode n = parent.path(field);
        if (!n.isNumber()) {
            problems.add(at + "." + field + " must be a number");
        }
        return n.asDouble();
    }
}
