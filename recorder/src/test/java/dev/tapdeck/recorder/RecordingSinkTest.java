package dev.tapdeck.recorder;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordingSinkTest {
    private static final byte[] BODY = {0, 1, 2, (byte) 0xff, 'x'};

    private static List<TapEvent> session(String id, HeaderRedactor redactor) {
        HttpHead head = redactor.redact(HttpHead.request("POST", "/wsman", "HTTP/1.1", List.of(
                Map.entry("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("vagrant:s3cret!".getBytes(StandardCharsets.UTF_8))),
                Map.entry("Content-Type", "application/soap+xml"))));
        return List.of(
                new TapEvent.SessionStarted(id, 0, 0, "winrm", "main", "127.0.0.1:1", "http://up:5985", 0L, "test", redactor.enabled()),
                new TapEvent.HttpMessageCaptured(id, 1, 10, 1, Direction.CLIENT_TO_SERVER, head, BODY, null,
                        List.of(new Violation(WsmanRule.SEND_OUTSTANDING, "shell S", "1 Send(s) still waiting")),
                        TapEvent.Verdict.FORWARDED),
                new TapEvent.SessionEnded(id, 2, 20, "client closed", 1, BODY.length, 0));
    }

    @Test
    void writesAndReadsBackASessionWithRedactedSecrets(@TempDir Path dir) throws Exception {
        try (RecordingSink sink = new RecordingSink(dir)) {
            session("s1", new HeaderRedactor(true)).forEach(sink::accept);
            sink.flush();
            Path file = sink.fileOf("s1");
            RecordingReader.Recording rec = RecordingReader.read(file);
            assertEquals("winrm", rec.header().path("protocol").asText());
            assertTrue(rec.ended());
            assertNull(rec.tornTail());
            assertArrayEquals(BODY, RecordingReader.Recording.body(rec.http(Direction.CLIENT_TO_SERVER).get(0)));
            assertEquals("WsmanRule.SEND_OUTSTANDING", rec.events().get(0).path("violations").get(0).path("rule").asText());
            String raw = Files.readString(file);
            assertFalse(raw.contains("s3cret"), "the password never reaches the file");
            assertFalse(raw.contains(java.util.Base64.getEncoder().encodeToString("vagrant:s3cret!".getBytes(StandardCharsets.UTF_8))));
            assertTrue(raw.contains("Basic user=vagrant password=tapdeck-redacted-1"), raw);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void noRedactKeepsTheHeader(@TempDir Path dir) throws Exception {
        try (RecordingSink sink = new RecordingSink(dir)) {
            session("s2", new HeaderRedactor(false)).forEach(sink::accept);
            sink.flush();
            String raw = Files.readString(sink.fileOf("s2"));
            assertTrue(raw.contains("\"redacted\":false"));
            assertTrue(raw.contains(java.util.Base64.getEncoder().encodeToString("vagrant:s3cret!".getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void aTornLastLineIsReportedNotFatal(@TempDir Path dir) throws Exception {
        Path file;
        try (RecordingSink sink = new RecordingSink(dir)) {
            session("s3", new HeaderRedactor(true)).subList(0, 2).forEach(sink::accept);
            sink.flush();
            file = sink.fileOf("s3");
        }
        Files.writeString(file, "{\"seq\":2,\"t\":3,\"type\":\"ht", java.nio.file.StandardOpenOption.APPEND);
        RecordingReader.Recording rec = RecordingReader.read(file);
        assertEquals(1, rec.events().size());
        assertFalse(rec.ended());
        assertEquals("{\"seq\":2,\"t\":3,\"type\":\"ht", rec.tornTail());
    }

    @Test
    void anUnknownVersionIsRefusedWithAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.tdrec.jsonl");
        Files.writeString(file, "{\"format\":\"tapdeck-recording\",\"version\":99}\n");
        var e = assertThrows(java.io.IOException.class, () -> RecordingReader.read(file));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
    }
}
