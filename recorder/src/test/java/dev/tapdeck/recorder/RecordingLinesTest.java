package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one streaming reader of recordings (inspect, recompute, export, verify, RecordingReader): torn last
 * line reported, damaged lines listed and read past, a line over the limit skipped naming the limit, the
 * header's version checked, lines across read chunks, progress reported.
 */
class RecordingLinesTest {
    private static final String HEADER = "{\"format\":\"tapdeck-recording\",\"version\":1,\"type\":\"header\",\"sessionId\":\"s\"}\n";

    @TempDir
    Path dir;

    @Test
    void aTornLastLineEndsTheEventsAndIsReported() throws Exception {
        Path f = Files.writeString(dir.resolve("a"), "\n" + HEADER + "{\"seq\":1}\n\n{\"seq\":2}\n{\"seq\":3,\"ty");
        try (RecordingLines lines = RecordingLines.open(f)) {
            assertEquals("s", lines.header().path("sessionId").asText());
            assertEquals(2, lines.headerLine(), "a blank line before the header is skipped");
            assertEquals(1, lines.next().path("seq").asInt());
            assertEquals(2, lines.next().path("seq").asInt());
            assertNull(lines.next());
            assertEquals("{\"seq\":3,\"ty", lines.tornTail());
            assertEquals(0, lines.damagedCount(), "the torn tail is not a damaged line");
            assertTrue(lines.problems().contains("the last line was torn"), lines.problems());
        }
    }

    @Test
    void aBadLineInTheMiddleIsListedAndTheLinesAfterItAreRead() throws Exception {
        Path f = Files.writeString(dir.resolve("b"), HEADER + "{\"seq\":1}\nnot json\n[1]\n{\"seq\":4}\n");
        try (RecordingLines lines = RecordingLines.open(f)) {
            assertEquals(List.of(1, 4), seqs(lines));
            assertNull(lines.tornTail(), "a terminated bad last line would be damaged, not torn");
            assertEquals(2, lines.damagedCount());
            assertEquals(List.of(3L, 4L), lines.damaged().stream().map(RecordingLines.Line::number).toList());
            assertTrue(lines.damaged().get(0).problem().startsWith("not JSON"), lines.damaged().get(0).problem());
            assertEquals("not a JSON object", lines.damaged().get(1).problem());
            assertTrue(lines.problems().contains("2 damaged line(s) skipped (line 3: not JSON"), lines.problems());
        }
    }

    @Test
    void anotherFormatVersionOrNoHeaderIsAClearError() throws Exception {
        Path v2 = Files.writeString(dir.resolve("c"), HEADER.replace("\"version\":1", "\"version\":2"));
        IOException e = assertThrows(IOException.class, () -> RecordingLines.open(v2));
        assertTrue(e.getMessage().contains("version 2 is not supported"), e.getMessage());
        Path other = Files.writeString(dir.resolve("d"), "{\"format\":\"har\"}\n");
        e = assertThrows(IOException.class, () -> RecordingLines.open(other));
        assertTrue(e.getMessage().contains("not a Tapdeck recording (format 'har')"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("e"), "\n \n");
        e = assertThrows(IOException.class, () -> RecordingLines.open(empty));
        assertTrue(e.getMessage().contains("empty recording"), e.getMessage());
        Path notJson = Files.writeString(dir.resolve("f"), "hello\n");
        e = assertThrows(IOException.class, () -> RecordingLines.open(notJson));
        assertTrue(e.getMessage().contains("line 1 is not a header: not JSON"), e.getMessage());
    }

    @Test
    void aLineOverTheLimitIsSkippedNamingTheLimitAndReadingGoesOn() throws Exception {
        String big = "{\"seq\":2,\"body\":\"" + "A".repeat(200_000) + "\"}"; // spans several 64 KiB reads
        Path f = Files.writeString(dir.resolve("g"), HEADER + "{\"seq\":1}\n" + big + "\n{\"seq\":3}\n" + big);
        try (RecordingLines lines = RecordingLines.open(f, 1000)) {
            assertEquals(List.of(1, 3), seqs(lines));
            assertEquals(1, lines.damagedCount());
            RecordingLines.Line over = lines.damaged().get(0);
            assertEquals(3, over.number());
            assertEquals("longer than the line limit of 1000 bytes (RecordingLines.MAX_LINE_BYTES)", over.problem());
            assertTrue(over.text().length() <= 201, "only a preview of the line is kept");
            assertTrue(lines.tornTail().startsWith("{\"seq\":2,\"body\":\"AAA"), "an unterminated last line over the limit is torn");
            assertTrue(lines.tornTail().length() <= 1000, "and never held whole");
        }
        assertThrows(IllegalArgumentException.class, () -> RecordingLines.open(f, 0));
    }

    @Test
    void linesAcrossReadChunksAndCarriageReturnsReadWholeWithProgress() throws Exception {
        StringBuilder text = new StringBuilder(HEADER.replace("\n", "\r\n"));
        List<Integer> sizes = List.of(0, 65_530, 1, 131_072, 7, 300_000);
        for (int i = 0; i < sizes.size(); i++) {
            text.append("{\"seq\":").append(i + 1).append(",\"body\":\"").append("é".repeat(sizes.get(i))).append("\"}\r\n");
        }
        Path f = Files.write(dir.resolve("h"), text.toString().getBytes(StandardCharsets.UTF_8));
        List<Long> progress = new ArrayList<>();
        try (RecordingLines lines = RecordingLines.open(f, progress::add)) {
            for (int i = 0; i < sizes.size(); i++) {
                JsonNode e = lines.next();
                assertEquals(i + 1, e.path("seq").asInt());
                assertEquals(sizes.get(i), e.path("body").asText().length());
            }
            assertNull(lines.next());
            assertNull(lines.problems());
            assertEquals(Files.size(f), lines.bytesRead());
            assertEquals(Files.size(f), lines.size());
        }
        assertEquals(Files.size(f), progress.get(progress.size() - 1));
        assertTrue(progress.size() > 2, "progress is reported as the file is read, not only at the end");
    }

    @Test
    void nextLineGivesEveryLineAsItIsForVerify() throws Exception {
        Path f = Files.writeString(dir.resolve("i"), HEADER + "{\"seq\":1}\n\nnope\n{\"seq\":4}");
        try (RecordingLines lines = RecordingLines.open(f)) {
            List<String> seen = new ArrayList<>();
            for (RecordingLines.Line l = lines.nextLine(); l != null; l = lines.nextLine()) {
                seen.add(l.number() + ":" + (l.json() != null ? "json" : l.blank() ? "blank" : "bad") + ":" + l.terminated());
            }
            assertEquals(List.of("2:json:true", "3:blank:true", "4:bad:true", "5:json:false"), seen);
            assertFalse(lines.damagedCount() > 0, "nextLine leaves the judging to its caller");
        }
    }

    private static List<Integer> seqs(RecordingLines lines) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (JsonNode e = lines.next(); e != null; e = lines.next()) {
            out.add(e.path("seq").asInt());
        }
        return out;
    }
}
