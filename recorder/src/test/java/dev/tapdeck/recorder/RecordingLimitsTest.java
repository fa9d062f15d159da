package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maxRecordingBytes, maxTotalBytes with rotation, and what the trailer says when one is crossed. */
class RecordingLimitsTest {
    static final byte[] KB = new byte[1024];
    static final RecordingLimits SMALL = RecordingLimits.DEFAULT.withMaxRecordingBytes(16 * 1024);

    static TapEvent.SessionStarted started(String id) {
        return new TapEvent.SessionStarted(id, 0, 0, "winrm", "main", "127.0.0.1:1", "http://up:5985", 0L, "test", true);
    }

    static TapEvent http(String id, long seq) {
        return new TapEvent.HttpMessageCaptured(id, seq, seq * 10, (int) seq, Direction.CLIENT_TO_SERVER,
                HttpHead.request("POST", "/wsman", "HTTP/1.1", List.of(Map.entry("Content-Type", "application/soap+xml"))),
                KB, null, List.of(), TapEvent.Verdict.FORWARDED);
    }

    static TapEvent.SessionEnded ended(String id, long seq) {
        return new TapEvent.SessionEnded(id, seq, seq * 10, "client closed the connection", (int) seq - 1, 0, 0);
    }

    /** A whole session of {@code events} 1 KiB bodies. */
    static void session(EventSink sink, String id, int events) {
        sink.accept(started(id));
        for (int i = 1; i <= events; i++) {
            sink.accept(http(id, i));
        }
        sink.accept(ended(id, events + 1));
    }

    @Test
    void sizesReadWithSuffixesAndBadOnesNameTheSyntax() {
        assertEquals(10L << 20, RecordingLimits.parseSize("10m"));
        assertEquals(1L << 30, RecordingLimits.parseSize("1G"));
        assertEquals(512L << 10, RecordingLimits.parseSize("512kb"));
        assertEquals(12345, RecordingLimits.parseSize("12345"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordingLimits.parseSize("ten"));
        assertTrue(e.getMessage().contains("10m"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecordingLimits.parseSize("-1m"));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> RecordingLimits.DEFAULT.withMaxRecordingBytes(100));
        assertTrue(small.getMessage().contains("maxRecordingBytes"), small.getMessage());
        IllegalArgumentException total = assertThrows(IllegalArgumentException.class,
                () -> SMALL.withMaxTotalBytes(1000));
        assertTrue(total.getMessage().contains("maxTotalBytes"), total.getMessage());
    }

    @Test
    void aRecordingStopsAtItsLimitKeepsItsTrailerAndNamesTheLimit(@TempDir Path dir) throws Exception {
        try (RecordingSink sink = new RecordingSink(dir, SMALL)) {
            session(sink, "big", 40);
            sink.flush();
            Path file = sink.fileOf("big");
            assertTrue(Files.size(file) <= SMALL.maxRecordingBytes(), "file of " + Files.size(file) + " bytes");
            RecordingReader.Recording rec = RecordingReader.read(file);
            JsonNode trailer = rec.trailer();
            assertNotNull(trailer);
            assertTrue(trailer.path("incomplete").asBoolean());
            assertTrue(trailer.path("incompleteReason").asText().startsWith("maxRecordingBytes 16384 reached at seq "),
                    trailer.toString());
            List<JsonNode> http = rec.ofType("http");
            assertTrue(http.size() > 5 && http.size() < 40, http.size() + " events written");
            assertEquals(40 - http.size(), trailer.path("droppedEvents").asLong());
            JsonNode stopped = rec.ofType(RecordingFormat.RECORDING_STOPPED).get(0);
            assertEquals(http.size() + 1, stopped.path("seq").asLong(), "it takes the seq of the first event left out");
            assertNull(sink.unavailable(), "one full recording does not stop others");
        }
    }

    @Test
    void rotationDeletesTheOldestFinishedRecordingsNeverAnOpenOne(@TempDir Path dir) throws Exception {
        RecordingLimits limits = SMALL.withMaxTotalBytes(40 * 1024);
        try (RecordingSink sink = new RecordingSink(dir, limits)) {
            sink.accept(started("open"));
            sink.accept(http("open", 1));
            for (int i = 0; i < 6; i++) {
                session(sink, "done" + i, 8); // about 11 KiB each
                sink.flush();
            }
            long total = 0;
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    total += Files.size(f);
                }
            }
            assertTrue(total <= limits.maxTotalBytes(), total + " bytes in the directory");
            assertTrue(Files.exists(sink.fileOf("open")), "an open recording is never deleted");
            assertNull(sink.fileOf("done0"), "the oldest finished one went first");
            assertNull(sink.fileOf("done1"));
            assertTrue(Files.exists(sink.fileOf("done5")));
            assertFalse(RecordingReader.read(sink.fileOf("done5")).incomplete());
            assertNull(sink.unavailable());
        }
    }

    @Test
    void withOnlyOpenRecordingsLeftNewOnesAreNotStartedUntilOneFinishes(@TempDir Path dir) throws Exception {
        RecordingLimits limits = SMALL.withMaxTotalBytes(SMALL.maxRecordingBytes());
        try (RecordingSink sink = new RecordingSink(dir, limits)) {
            sink.accept(started("a"));
            sink.accept(started("a2"));
            for (int i = 1; i <= 6; i++) {
                sink.accept(http("a", i));
                sink.accept(http("a2", i));
            }
            sink.accept(started("b"));
            sink.flush();
            assertNull(sink.fileOf("b"), "no room for b while a and a2 are open");
            assertEquals(1, sink.recordingsNotStarted());
            assertTrue(sink.unavailable().startsWith("maxTotalBytes 16384 reached"), sink.unavailable());
            sink.accept(ended("a", 7));
            sink.flush();
            assertNull(sink.unavailable(), "a finished: it can be deleted to make room");
            JsonNode trailer = RecordingReader.read(sink.fileOf("a")).trailer();
            assertTrue(trailer.path("incompleteReason").asText().startsWith("maxTotalBytes 16384 reached at seq "), trailer.toString());
            session(sink, "c", 1);
            sink.flush();
            assertNull(sink.fileOf("a"), "a was rotated out for c");
            assertTrue(Files.exists(sink.fileOf("a2")), "a2 is still open");
            assertFalse(RecordingReader.read(sink.fileOf("c")).incomplete());
        }
    }

    @Test
    void existingRecordingsCountAndRotateToo(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old" + RecordingFormat.FILE_SUFFIX);
        Files.write(old, new byte[12 * 1024]);
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(0));
        Path unrelated = dir.resolve("notes.txt");
        Files.write(unrelated, new byte[100]);
        try (RecordingSink sink = new RecordingSink(dir, SMALL.withMaxTotalBytes(20 * 1024)
                .withFlushInterval(Duration.ZERO))) {
            session(sink, "new", 4);
            sink.flush();
            assertFalse(Files.exists(old), "found at start, finished, oldest: deleted for room");
            assertTrue(Files.exists(unrelated), "only recordings are rotated");
        }
    }
}
