package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.ws.FrameEncoder;
import dev.tapdeck.protocol.ws.FrameSplitter;
import dev.tapdeck.protocol.ws.Opcode;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HAR export validates against the HAR 1.2 structure and reads back through the import. */
class HarRoundTripTest {
    private static final String ID = "s1";

    @TempDir
    Path dir;

    private JsonNode exportHar(Path recording, Path har) throws Exception {
        try (OutputStream out = Files.newOutputStream(har)) {
            HarExporter.export(recording, out, null);
        }
        JsonNode tree = RecordingFormat.mapper().readTree(har.toFile());
        assertEquals(List.of(), HarStructure.check(tree), "HAR 1.2 structure of " + har.getFileName());
        return tree;
    }

    /** Real sessions: the largest (multi-MB Sends), a missing response, faults with status 500, WinRS cmd. */
    private static final List<String> SESSIONS = List.of("test_client_copy_file_really_large.yml",
            "test_psrp_is_alive_http_error.yml", "test_psrp_long_running_cmdlet.yml", "test_client_execute_cmd.yml",
            "test_psrp_pshost_ui_mocked_methods.yml");

    @Test
    void realPypsrpSessionsGoToHarAndBackUnchanged() throws Exception {
        int entries = 0;
        for (String name : SESSIONS) {
            Recording yml = PypsrpRecordings.named(name);
            Path original = PypsrpYamlImporter.importFile(yml.file(), dir.resolve("rec"), null);
            Path har = dir.resolve(yml.name() + ".har");
            JsonNode tree = exportHar(original, har);
            entries += tree.path("log").path("entries").size();
            List<Path> back = HarImporter.importFile(har, dir.resolve("back"), null);
            assertEquals(1, back.size());
            RecordingReader.Recording a = RecordingReader.read(original);
            RecordingReader.Recording b = RecordingReader.read(back.get(0));
            assertEquals(exchangeLines(a), exchangeLines(b), yml.name());
            assertEquals(a.header().path("upstream"), b.header().path("upstream"));
            assertEquals(a.header().path("startedAt"), b.header().path("startedAt"));
            assertEquals(a.header().path("sessionId").asText(), b.header().path("imported").path("sessionId").asText());
        }
        assertEquals(13 + 5 + 8 + 10 + 18, entries, "one HAR entry per recorded exchange (corpus README counts)");
    }

    @Test
    void binaryBodiesQueriesAndAMissingResponseSurviveTheRoundTrip() throws Exception {
        byte[] sealed = new byte[600];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = (byte) (255 - i);
        }
        String mp = "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";boundary=\"Encrypted Boundary\"";
        Path rec;
        try (RecordingFileWriter w = RecordingFileWriter.create(dir, started("winrm", "http://10.1.2.3:5985"), null)) {
            w.write(http(w, 1_000, 1, Direction.CLIENT_TO_SERVER, HttpHead.request("POST", "/wsman?PSVersion=5.1.1&x=a%20b",
                    "HTTP/1.1", List.of(Map.entry("Host", "10.1.2.3:5985"), Map.entry("Content-Type", mp),
                            Map.entry("Authorization", "Negotiate <redacted>"))), sealed));
            w.write(http(w, 3_456_789, 1, Direction.SERVER_TO_CLIENT, HttpHead.response(200, "HTTP/1.1",
                    List.of(Map.entry("Content-Type", mp), Map.entry("Content-Length", "600"))), sealed));
            w.write(http(w, 5_000_000, 2, Direction.CLIENT_TO_SERVER, HttpHead.request("POST", "/wsman", "HTTP/1.1",
                    List.of(Map.entry("Content-Type", "application/soap+xml;charset=UTF-8"))),
                    "<s:Envelope>é</s:Envelope>".getBytes(StandardCharsets.UTF_8)));
            w.write(new TapEvent.TransportFailed(ID, w.nextSeq(), 9_000_000, 2, "upstream-failed", "connection reset"));
            w.end(ID, 9_500_000, "client closed");
            rec = w.file();
        }
        JsonNode har = exportHar(rec, dir.resolve("x.har"));
        JsonNode first = har.path("log").path("entries").get(0);
        assertEquals("http://10.1.2.3:5985/wsman?PSVersion=5.1.1&x=a%20b", first.path("request").path("url").asText());
        assertEquals("a b", first.path("request").path("queryString").get(1).path("value").asText());
        assertEquals("base64", first.path("response").path("content").path("encoding").asText());
        assertEquals("base64", first.path("request").path("postData").path("_encoding").asText());
        assertEquals(3.456, first.path("time").asDouble(), 1e-9);
        assertEquals("2026-11-20T23:12:00Z", first.path("startedDateTime").asText());
        JsonNode second = har.path("log").path("entries").get(1);
        assertEquals("<s:Envelope>é</s:Envelope>", second.path("request").path("postData").path("text").asText());
        assertEquals(0, second.path("response").path("status").asInt());
        assertEquals("upstream-failed: connection reset", second.path("response").path("_error").asText());

        RecordingReader.Recording a = RecordingReader.read(rec);
        RecordingReader.Recording b = RecordingReader.read(HarImporter.importFile(dir.resolve("x.har"), dir.resolve("back"), null).get(0));
        assertEquals(exchangeLines(a), exchangeLines(b));
    }

    @Test
    void aWebSocketSessionBecomesChromeStyleMessagesAndComesBackAsTheSameFrames() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] bin = HexFormat.of().parseHex("00ff10ee");
        ByteArrayOutputStream c2s = new ByteArrayOutputStream();
        // a text message in two fragments that cut the euro sign, a ping inside it, then a Close
        c2s.writeBytes(FrameEncoder.encode(false, 0, Opcode.TEXT, true, 0x11223344, concat("price: ".getBytes(StandardCharsets.UTF_8), new byte[]{euro[0]})));
        c2s.writeBytes(FrameEncoder.encode(true, 0, Opcode.PING, true, 0x01010101, "p".getBytes(StandardCharsets.UTF_8)));
        c2s.writeBytes(FrameEncoder.encode(true, 0, Opcode.CONTINUATION, true, 0x55667788, new byte[]{euro[1], euro[2]}));
        c2s.writeBytes(FrameEncoder.encode(true, 0, Opcode.CLOSE, true, 0x0badf00d, new byte[]{0x03, (byte) 0xe8}));
        ByteArrayOutputStream s2c = new ByteArrayOutputStream();
        s2c.writeBytes(FrameEncoder.encode(true, 0, Opcode.TEXT, false, 0, "hello".getBytes(StandardCharsets.UTF_8)));
        s2c.writeBytes(FrameEncoder.encode(true, 0, Opcode.PONG, false, 0, "p".getBytes(StandardCharsets.UTF_8)));
        s2c.writeBytes(FrameEncoder.encode(true, 0, Opcode.BINARY, false, 0, bin));
        s2c.writeBytes(FrameEncoder.encode(true, 4, Opcode.TEXT, false, 0, HexFormat.of().parseHex("f248cdc9c90700")));
        s2c.writeBytes(FrameEncoder.encode(true, 0, Opcode.CLOSE, false, 0, new byte[]{0x03, (byte) 0xe8}));
        Path rec;
        try (RecordingFileWriter w = RecordingFileWriter.create(dir, started("websocket", "ws://127.0.0.1:8080"), null)) {
            w.write(new TapEvent.WsHandshakeRelayed(ID, w.nextSeq(), 500, 1,
                    HttpHead.request("GET", "/chat", "HTTP/1.1", List.of(Map.entry("Host", "127.0.0.1:8080"),
                            Map.entry("Upgrade", "websocket"), Map.entry("Connection", "Upgrade"),
                            Map.entry("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), Map.entry("Sec-WebSocket-Version", "13"))),
                    HttpHead.response(101, "HTTP/1.1", List.of(Map.entry("Upgrade", "websocket"), Map.entry("Connection", "Upgrade"),
                            Map.entry("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
                            Map.entry("Sec-WebSocket-Extensions", "permessage-deflate"))),
                    new byte[0], true, null, List.of("permessage-deflate"), List.of(), TapEvent.Verdict.FORWARDED));
            // chunks cut where the wire cut them: not at frame boundaries
            chunks(w, Direction.CLIENT_TO_SERVER, c2s.toByteArray(), 7, 1_000_000);
            chunks(w, Direction.SERVER_TO_CLIENT, s2c.toByteArray(), 5, 1_500_000);
            w.end(ID, 90_000_000, "closed");
            rec = w.file();
        }
        JsonNode har = exportHar(rec, dir.resolve("ws.har"));
        JsonNode entry = har.path("log").path("entries").get(0);
        assertEquals("websocket", entry.path("_resourceType").asText());
        assertEquals("ws://127.0.0.1:8080/chat", entry.path("request").path("url").asText());
        assertEquals(101, entry.path("response").path("status").asInt());
        List<String> messages = new ArrayList<>();
        for (JsonNode m : entry.path("_webSocketMessages")) {
            messages.add(m.path("type").asText() + " " + m.path("opcode").asInt() + " " + m.path("data").asText()
                    + (m.has("_encoding") ? " b64" : "") + (m.has("_rsv") ? " rsv" + m.path("_rsv").asInt() : ""));
        }
        assertEquals(List.of(
                "send 1 " + Base64.getEncoder().encodeToString(concat("price: ".getBytes(StandardCharsets.UTF_8), new byte[]{euro[0]})) + " b64",
                "send 9 cA==",
                "send 0 " + Base64.getEncoder().encodeToString(new byte[]{euro[1], euro[2]}) + " b64",
                "send 8 A+g=",
                "receive 1 hello",
                "receive 10 cA==",
                "receive 2 AP8Q7g==",
                "receive 1 8kjNyckHAA== b64 rsv4",
                "receive 8 A+g="), messages);
        // the first message's time is the start plus the offset of the chunk that completed it, in seconds
        double start = java.time.Instant.parse("2026-11-20T23:12:00Z").getEpochSecond();
        assertTrue(entry.path("_webSocketMessages").get(0).path("time").asDouble() - start >= 0.001);

        List<Path> back = HarImporter.importFile(dir.resolve("ws.har"), dir.resolve("back"), null);
        assertEquals(1, back.size());
        RecordingReader.Recording a = RecordingReader.read(rec);
        RecordingReader.Recording b = RecordingReader.read(back.get(0));
        assertEquals("websocket", b.header().path("protocol").asText());
        JsonNode hs = b.ofType("ws-handshake").get(0);
        assertEquals(a.ofType("ws-handshake").get(0).path("request"), hs.path("request"));
        assertEquals(a.ofType("ws-handshake").get(0).path("response"), hs.path("response"));
        assertTrue(hs.path("upgraded").asBoolean());
        for (Direction d : Direction.values()) {
            List<String> original = frames(a.wsBytes(d));
            List<String> imported = frames(b.wsBytes(d));
            assertEquals(original, imported, d.code());
        }
        // client frames are masked with the importer's fixed keys, server frames are not
        byte[] importedC2s = b.wsBytes(Direction.CLIENT_TO_SERVER);
        assertTrue((importedC2s[1] & 0x80) != 0);
        assertFalse((b.wsBytes(Direction.SERVER_TO_CLIENT)[1] & 0x80) != 0);
        // the frames keep their times (to the microsecond)
        List<JsonNode> chunksBack = b.ofType("ws-chunk");
        assertEquals(3_000_000, chunksBack.get(0).path("t").asLong(), 1_000,
                "the first client frame (14 bytes) was completed by the second 7-byte chunk");
        assertArrayEquals(Files.readAllBytes(back.get(0)), Files.readAllBytes(
                HarImporter.importFile(dir.resolve("ws.har"), dir.resolve("again"), null).get(0)), "the import is deterministic");
    }

    @Test
    void aCutHarIsAClearErrorAndLeavesNoRecording() throws Exception {
        Path rec = PypsrpYamlImporter.importFile(PypsrpRecordings.named("test_client_execute_cmd.yml").file(), dir, null);
        Path har = dir.resolve("cut.har");
        try (OutputStream out = Files.newOutputStream(har)) {
            HarExporter.export(rec, out, null);
        }
        byte[] whole = Files.readAllBytes(har);
        Files.write(har, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> HarImporter.importFile(har, dir.resolve("back"), null));
        assertTrue(e.getMessage().contains("not a HAR file"), e.getMessage());
        try (var files = Files.list(dir.resolve("back"))) {
            assertEquals(0, files.count(), "no partial recording is left");
        }
    }

    /** opcode, fin, rsv and payload of each frame of a direction's bytes. */
    private static List<String> frames(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (FrameSplitter.Frame f : new FrameSplitter(1 << 20).feed(bytes, 0, bytes.length)) {
            out.add(f.header().opcode() + " fin=" + f.header().fin() + " rsv1=" + f.header().rsv1()
                    + " masked=" + f.header().masked() + " " + HexFormat.of().formatHex(f.payload()));
        }
        return out;
    }

    private static void chunks(RecordingFileWriter w, Direction d, byte[] bytes, int size, long t0) throws Exception {
        for (int off = 0, k = 0; off < bytes.length; off += size, k++) {
            byte[] c = java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + size));
            w.write(new TapEvent.WsChunkRelayed(ID, w.nextSeq(), t0 + k * 2_000_000L, d, off, c, off + c.length));
        }
    }

    /** The exchange lines of a recording, as comparable text: type, dir, exchange, t, head, body. */
    static List<String> exchangeLines(RecordingReader.Recording r) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : r.events()) {
            String type = e.path("type").asText();
            if ("http".equals(type)) {
                out.add("http " + e.path("dir").asText() + " " + e.path("exchange").asInt() + " t=" + e.path("t").asLong()
                        + " " + e.path("head") + " " + e.path("body").asText());
            } else if ("transport-failed".equals(type)) {
                out.add("failed " + e.path("exchange").asInt() + " " + e.path("what").asText() + " t=" + e.path("t").asLong());
            }
        }
        return out;
    }

    private static TapEvent.SessionStarted started(String protocol, String upstream) {
        return new TapEvent.SessionStarted(ID, 0, 0, protocol, "main", "127.0.0.1:50000", upstream,
                java.time.Instant.parse("2026-11-20T23:12:00Z").toEpochMilli(), "test", true);
    }

    private static TapEvent.HttpMessageCaptured http(RecordingFileWriter w, long t, int exchange, Direction d, HttpHead head, byte[] body) {
        return new TapEvent.HttpMessageCaptured(ID, w.nextSeq(), t, exchange, d, head, body, null, List.of(), TapEvent.Verdict.FORWARDED);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
