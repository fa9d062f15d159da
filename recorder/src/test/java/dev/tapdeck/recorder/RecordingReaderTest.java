package dev.tapdeck.recorder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recording cut anywhere reads up to its last complete event; damage elsewhere is listed, not fatal. */
class RecordingReaderTest {
    private static final String HEADER = "{\"format\":\"tapdeck-recording\",\"version\":1,\"type\":\"header\",\"sessionId\":\"s\","
            + "\"seq\":0,\"t\":0,\"client\":\"caf\u00e9\"}";
    // multi-byte characters (2, 3 and 4 bytes in UTF-8) so some cuts fall inside one
    private static final List<String> EVENTS = List.of(
            "{\"seq\":1,\"t\":5,\"type\":\"ws-message\",\"text\":\"\u00e9\u20ac\ud83d\ude00\"}",
            "{\"seq\":2,\"t\":6,\"type\":\"transport-failed\",\"what\":\"client-aborted\",\"detail\":\"\u20ac\"}",
            "{\"seq\":3,\"t\":7,\"type\":\"end\",\"reason\":\"done\",\"exchanges\":0,\"bytes\":{\"c2s\":0,\"s2c\":0}}");

    @Test
    void aFileCutAtEveryByteReadsEveryLineBeforeTheCutAndReportsTheRest(@TempDir Path dir) throws Exception {
        byte[] whole = (HEADER + "\n" + String.join("\n", EVENTS) + "\n").getBytes(StandardCharsets.UTF_8);
        int headerEnd = (HEADER + "\n").getBytes(StandardCharsets.UTF_8).length;
        Path file = dir.resolve("cut.tdrec.jsonl");
        for (int cut = headerEnd; cut <= whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            Files.write(file, part);
            RecordingReader.Recording rec = RecordingReader.read(file);
            String at = "cut at byte " + cut;
            String tail = new String(part, lastNewline(part) + 1, part.length - lastNewline(part) - 1, StandardCharsets.UTF_8);
            // a last line cut exactly before its newline is whole: only the newline is missing
            boolean wholeTail = EVENTS.contains(tail);
            int expected = completeLines(part) - 1 + (wholeTail ? 1 : 0);
            assertEquals(expected, rec.events().size(), at);
            for (int i = 0; i < expected; i++) {
                assertEquals(i + 1, rec.events().get(i).path("seq").asInt(), at);
            }
            assertTrue(rec.damaged().isEmpty(), at);
            assertEquals(expected == EVENTS.size(), rec.ended(), at);
            assertEquals(tail.isEmpty() || wholeTail ? null : tail, rec.tornTail(), at);
            assertEquals(!rec.ended() || rec.tornTail() != null, rec.incomplete(), at);
        }
    }

    @Test
    void aDamagedLineInTheMiddleIsListedAndTheLinesAfterItAreRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.tdrec.jsonl");
        byte[] bad = {'{', '"', 's', 'e', 'q', '"', ':', '1', ',', (byte) 0xe2, (byte) 0x82, '\n'}; // cut mid-"€", then a newline
        Files.write(file, concat((HEADER + "\n").getBytes(StandardCharsets.UTF_8), bad,
                (EVENTS.get(1) + "\n" + EVENTS.get(2) + "\n").getBytes(StandardCharsets.UTF_8)));
        RecordingReader.Recording rec = RecordingReader.read(file);
        assertEquals(2, rec.events().size());
        assertTrue(rec.ended());
        assertNull(rec.tornTail());
        assertEquals(1, rec.damaged().size());
        assertEquals(2, rec.damaged().get(0).number());
        assertEquals("not valid UTF-8", rec.damaged().get(0).problem());
        assertTrue(rec.incomplete(), "a damaged line means an event is missing");
    }

    @Test
    void aLineThatIsJsonButNotAnObjectOrHasTrailingGarbageIsDamaged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("g.tdrec.jsonl");
        Files.writeString(file, HEADER + "\n42\n" + EVENTS.get(0) + " x\n" + EVENTS.get(2) + "\n");
        RecordingReader.Recording rec = RecordingReader.read(file);
        assertEquals(1, rec.events().size());
        assertEquals(List.of("not a JSON object", "not JSON"),
                rec.damaged().stream().map(l -> l.problem().replaceFirst(":.*", "")).toList());
    }

    @Test
    void aTornOrMissingHeaderIsUnreadable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("h.tdrec.jsonl");
        Files.writeString(file, HEADER.substring(0, 20));
        IOException e = assertThrows(IOException.class, () -> RecordingReader.read(file));
        assertTrue(e.getMessage().contains("line 1 is not a header"), e.getMessage());
        Files.writeString(file, "");
        assertTrue(assertThrows(IOException.class, () -> RecordingReader.read(file)).getMessage().contains("empty"));
        assertFalse(Files.readString(file).contains("header"));
    }

    private static int completeLines(byte[] b) {
        int n = 0;
        for (byte x : b) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
