package dev.tapdeck.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.RecordingReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a Tapdeck recording (format version 1, read by {@link RecordingReader}) into a {@link ReplayScript}. */
public final class TapdeckRecordings {
    private TapdeckRecordings() {
    }

    public static ReplayScript load(Path file) throws IOException {
        RecordingReader.Recording rec = RecordingReader.read(file);
        String name = file.getFileName().toString();
        if ("websocket".equals(rec.header().path("protocol").asText())) {
            return new ReplayScript(name, List.of(), WsScript.of(rec));
        }
        return ReplayScript.http(name, exchanges(rec));
    }

    /**
     * The exchanges of an HTTP recording, by exchange number. Requests the proxy answered itself
     * (verdict SYNTHESIZED or BLOCKED) are kept: the replay answers what the client saw.
     */
    static List<ReplayExchange> exchanges(RecordingReader.Recording rec) {
        Map<Integer, JsonNode> responses = new HashMap<>();
        for (JsonNode e : rec.http(Direction.SERVER_TO_CLIENT)) {
            responses.put(e.path("exchange").asInt(), e);
        }
        List<ReplayExchange> out = new ArrayList<>();
        for (JsonNode q : rec.http(Direction.CLIENT_TO_SERVER)) {
            JsonNode r = responses.get(q.path("exchange").asInt());
            HttpHead responseHead = r == null ? null : head(r.path("head"));
            out.add(new ReplayExchange(out.size(), head(q.path("head")), RecordingReader.Recording.body(q),
                    responseHead, responseHead == null ? 0 : responseHead.status(),
                    r == null ? null : RecordingReader.Recording.body(r), q.path("t").asLong(),
                    r == null ? q.path("t").asLong() : r.path("t").asLong()));
        }
        return out;
    }

    static HttpHead head(JsonNode h) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (JsonNode pair : h.path("headers")) {
            headers.add(Map.entry(pair.path(0).asText(), pair.path(1).asText()));
        }
        String version = h.path("version").asText("HTTP/1.1");
        return h.has("method") ? HttpHead.request(h.path("method").asText(), h.path("uri").asText(), version, headers)
                : HttpHead.response(h.path("status").asInt(), version, headers);
    }
}
