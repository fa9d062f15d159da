package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.RecordingFormat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Recordings the way an importer writes them (e.g. the pypsrp YAML import): a header and the HTTP
 * messages with their heads and bodies, nothing decoded, no verdicts, no trailer.
 */
final class Imported {
    /** A request with a DTD: every Tapdeck must flag it (WsmanRule.DTD_PRESENT). */
    static final String DTD_ENVELOPE = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x \"y\">]>"
            + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header/><s:Body/></s:Envelope>";

    private Imported() {
    }

    /** The WinRM session of {@link RecordedSessions#winrm}, reduced to what an importer knows, plus a DTD exchange. */
    static Path winrmWithoutAnnotations(Path dir) throws Exception {
        List<JsonNode> live = RecomputeTest.lines(RecordedSessions.winrm(dir.resolve("live")));
        List<JsonNode> out = new ArrayList<>();
        ObjectNode header = live.get(0).deepCopy();
        header.put("tapdeck", "import");
        out.add(header);
        int exchanges = 0;
        for (JsonNode l : live) {
            if (l.path("type").asText().equals("http")) {
                out.add(http(out.size(), l.path("t").asLong(), l.path("exchange").asInt(), l.path("dir").asText(),
                        (ObjectNode) l.path("head"), l.path("body").asText()));
                exchanges = Math.max(exchanges, l.path("exchange").asInt());
            }
        }
        ObjectNode head = RecordingFormat.mapper().createObjectNode().put("method", "POST").put("uri", "/wsman").put("version", "HTTP/1.1");
        head.putArray("headers").addArray().add("Content-Type").add("application/soap+xml;charset=UTF-8");
        out.add(http(out.size(), 9_000_000_000L, exchanges + 1, "c2s", head,
                Base64.getEncoder().encodeToString(DTD_ENVELOPE.getBytes(StandardCharsets.UTF_8))));
        return RecomputeTest.write(dir.resolve("imported" + RecordingFormat.FILE_SUFFIX), out);
    }

    private static ObjectNode http(int seq, long t, int exchange, String dir, ObjectNode head, String body) {
        ObjectNode n = RecordingFormat.mapper().createObjectNode().put("seq", seq).put("t", t).put("type", "http")
                .put("exchange", exchange).put("dir", dir);
        n.set("head", head);
        return n.put("body", body);
    }
}
