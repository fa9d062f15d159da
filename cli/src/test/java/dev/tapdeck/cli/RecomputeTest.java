package dev.tapdeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tapdeck recompute}: a session recorded through the proxy, stripped of everything derived, comes
 * back with exactly the annotations the proxy gave it, because both run the same decoding code.
 */
class RecomputeTest {

    @Test
    void aWinrmSessionGetsBackTheProxysAnnotations(@TempDir Path dir) throws Exception {
        Path original = RecordedSessions.winrm(dir.resolve("rec"));
        List<JsonNode> lines = lines(original);
        assertTrue(lines.stream().anyMatch(l -> l.path("decoded").path("envelope").path("body").has("streams")),
                "the proxy decoded the Send: " + original);
        assertTrue(lines.stream().anyMatch(l -> l.path("type").asText().equals("audit")
                && l.path("user").asText().equals(RecordedSessions.USER)), "the command was audited with its user");
        assertTrue(lines.get(lines.size() - 1).path("type").asText().equals("end"), "the session ended");

        Path stripped = write(dir.resolve("stripped.tdrec.jsonl"), strip(lines));
        assertFalse(Files.readString(stripped).contains("\"decoded\""), "nothing derived is left");
        Path out = dir.resolve("out.tdrec.jsonl");
        RecomputeCommand.run(stripped, out, new FileCommandOptions(), Progress.NONE);

        List<JsonNode> recomputed = lines(out);
        assertEquals(stripped.toString(), recomputed.get(0).path("recomputed").path("from").asText());
        assertSameLines(lines, recomputed);
    }

    @Test
    void aWebSocketSessionGetsBackItsHandshakeFramesAndMessages(@TempDir Path dir) throws Exception {
        Path original = RecordedSessions.webSocket(dir.resolve("rec"));
        List<JsonNode> lines = lines(original);
        JsonNode handshake = lines.stream().filter(l -> l.path("type").asText().equals("ws-handshake")).findFirst().orElseThrow();
        assertTrue(handshake.path("upgraded").asBoolean(), handshake.toString());
        assertTrue(lines.stream().anyMatch(l -> l.path("type").asText().equals("ws-message")
                && l.path("text").asText().equals("hello through the tap")), "the text message was decoded");
        assertEquals(2, lines.stream().filter(l -> l.path("type").asText().equals("ws-close")).count(), "both Close frames");

        Path stripped = write(dir.resolve("stripped.tdrec.jsonl"), strip(lines));
        Path out = dir.resolve("out.tdrec.jsonl");
        RecomputeCommand.run(stripped, out, new FileCommandOptions(), Progress.NONE);
        assertSameLines(lines, lines(out));
    }

    @Test
    void aRecordingWithoutAnnotationsGetsThem(@TempDir Path dir) throws Exception {
        Path recording = Imported.winrmWithoutAnnotations(dir);
        Path out = RecomputeCommand.defaultOutput(recording);
        assertEquals(0, Main.commandLine().execute("recompute", "--quiet", recording.toString()));
        List<JsonNode> recomputed = lines(out);
        List<JsonNode> http = recomputed.stream().filter(l -> l.path("type").asText().equals("http")).toList();
        assertTrue(http.stream().allMatch(l -> l.has("decoded") && l.has("violations")), http.toString());
        assertTrue(http.stream().anyMatch(l -> l.path("violations").toString().contains("WsmanRule.DTD_PRESENT")),
                "the envelope with a DTD is flagged");
        assertTrue(recomputed.stream().anyMatch(l -> l.path("type").asText().equals("audit")
                && l.path("commandLine").asText().equals("type")), "the command is audited");
        assertEquals(2, Main.commandLine().execute("recompute", "--quiet", recording.toString()), "OUT exists: refused");
        assertEquals(0, Main.commandLine().execute("recompute", "--quiet", "--force", recording.toString()));
    }

    /** Drops the derived lines and fields, as an importer or an older Tapdeck would have written the file. */
    static List<JsonNode> strip(List<JsonNode> lines) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode l : lines) {
            if (Redecoder.DERIVED.contains(l.path("type").asText())) {
                continue;
            }
            ObjectNode c = l.deepCopy();
            c.remove(Redecoder.DERIVED_FIELDS);
            out.add(c);
        }
        return out;
    }

    /**
     * Line by line, every field but time: derived lines take the time of the raw line that produced them,
     * audit records the clock's.
     */
    static void assertSameLines(List<JsonNode> expected, List<JsonNode> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            JsonNode e = i < expected.size() ? comparable(expected.get(i)) : null;
            JsonNode a = i < actual.size() ? comparable(actual.get(i)) : null;
            assertEquals(e, a, "line " + (i + 1));
        }
    }

    private static JsonNode comparable(JsonNode line) {
        ObjectNode c = line.deepCopy();
        c.remove(List.of("t", "at", "recomputed"));
        return c;
    }

    static List<JsonNode> lines(Path file) throws IOException {
        RecordingReader.Recording r = RecordingReader.read(file);
        List<JsonNode> all = new ArrayList<>();
        all.add(r.header());
        all.addAll(r.events());
        return all;
    }

    static Path write(Path file, List<JsonNode> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (JsonNode l : lines) {
            sb.append(RecordingFormat.mapper().writeValueAsString(l)).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        return file;
    }
}
