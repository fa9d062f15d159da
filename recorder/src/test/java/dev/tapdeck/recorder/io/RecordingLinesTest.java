package dev.tapdeck.recorder.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming reader follows RecordingReader's rules: torn last line reported, bad middle line an error. */
class RecordingLinesTest {
    private static final String HEADER = "{\"format\":\"tapdeck-recording\",\"version\":1,\"type\":\"header\",\"sessionId\":\"s\"}\n";

    @TempDir
    Path dir;

    @Test
    void aTornLastLineEndsTheEventsAndIsReported() throws Exception {
        Path f = Files.writeString(dir.resolve("a"), HEADER + "{\"seq\":1}\n\n{\"seq\":2}\n{\"seq\":3,\"ty");
        try (RecordingLines lines = RecordingLines.open(f, null)) {
            assertEquals("s", lines.header().path("sessionId").asText());
            assertEquals(1, lines.next().path("seq").asInt());
            assertEquals(2, lines.next().path("seq").asInt());
            assertNull(lines.next());
            assertEquals("{\"seq\":3,\"ty", lines.tornTail());
        }
    }

    @Test
    void aBadLineInTheMiddleOrAnotherFormatIsAClearError() throws Exception {
        Path f = Files.writeString(dir.resolve("b"), HEADER + "{\"seq\":1}\nnot json\n{\"seq\":3}\n");
        try (RecordingLines lines = RecordingLines.open(f, null)) {
            lines.next();
            IOException e = assertThrows(IOException.class, lines::next);
            assertTrue(e.getMessage().contains("line 3 is not JSON"), e.getMessage());
        }
        Path v2 = Files.writeString(dir.resolve("c"), HEADER.replace("\"version\":1", "\"version\":2"));
        IOException e = assertThrows(IOException.class, () -> RecordingLines.open(v2, null));
        assertTrue(e.getMessage().contains("version 2 is not supported"), e.getMessage());
    }
}
