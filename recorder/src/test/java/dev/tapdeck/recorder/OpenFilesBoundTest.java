package dev.tapdeck.recorder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maxOpenFiles: many live recordings share a few open files (the 10,000-idle-WebSocket benchmark ran out of
 * descriptors with one per session), and the files come out exactly as they do with one open file each.
 */
class OpenFilesBoundTest {
    private static final int SESSIONS = 1000;
    private static final int ROUNDS = 3;
    private static final int MAX_OPEN = 8;

    /** Every session started, then ROUNDS chunks each, session after session, then every session ended. */
    private static List<TapEvent> interleaved() {
        List<TapEvent> events = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            events.add(new TapEvent.SessionStarted(id(s), 0, 0, "websocket", "main", "127.0.0.1:" + (1024 + s),
                    "ws://up:8080", 1_700_000_000_000L, "test", true));
        }
        for (int r = 0; r < ROUNDS; r++) {
            for (int s = 0; s < SESSIONS; s++) {
                events.add(new TapEvent.WsChunkRelayed(id(s), r + 1, 1000L * (r + 1), Direction.CLIENT_TO_SERVER,
                        sent(s, r).length(), chunk(s, r), 1000L * (r + 1)));
            }
        }
        for (int s = 0; s < SESSIONS; s++) {
            events.add(new TapEvent.SessionEnded(id(s), ROUNDS + 1, 10_000, "client closed", 0, sent(s, ROUNDS).length(), 0));
        }
        return events;
    }

    private static byte[] chunk(int s, int round) {
        return ("session " + s + " round " + round).getBytes(StandardCharsets.US_ASCII);
    }

    /** What session {@code s} sent before round {@code rounds}. */
    private static String sent(int s, int rounds) {
        StringBuilder sent = new StringBuilder();
        for (int r = 0; r < rounds; r++) {
            sent.append(new String(chunk(s, r), StandardCharsets.US_ASCII));
        }
        return sent.toString();
    }

    private static String id(int s) {
        return "ws-" + s;
    }

    /** Writes the events, flushing (so files are written, closed and reopened) between each quarter of them. */
    private static void record(RecordingSink sink, List<TapEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            sink.accept(events.get(i));
            if (i % (events.size() / 4) == 0) {
                sink.flush();
            }
        }
        sink.flush();
    }

    @Test
    void athousandSessionsWithEightOpenFilesRecordEveryEventAsOneFileEachWould(@TempDir Path dir) throws Exception {
        Path bounded = dir.resolve("bounded");
        Path unbounded = dir.resolve("unbounded");
        CountingStore store = new CountingStore();
        try (RecordingSink sink = new RecordingSink(bounded, RecordingLimits.DEFAULT.withMaxOpenFiles(MAX_OPEN), store)) {
            record(sink, interleaved());
            for (int s = 0; s < SESSIONS; s++) {
                Path file = sink.fileOf(id(s));
                RecordingVerifier.Report report = RecordingVerifier.verify(file);
                assertEquals(RecordingVerifier.Status.OK, report.status(), report.toString());
                RecordingReader.Recording rec = RecordingReader.read(file);
                assertTrue(rec.ended() && !rec.incomplete(), file.toString());
                assertEquals(ROUNDS, rec.ofType("ws-chunk").size(), file.toString());
                assertEquals(sent(s, ROUNDS), new String(rec.wsBytes(Direction.CLIENT_TO_SERVER), StandardCharsets.US_ASCII));
            }
        }
        assertTrue(store.peak() <= MAX_OPEN, "at most " + MAX_OPEN + " files open at once, saw " + store.peak());
        assertTrue(store.reopened() >= SESSIONS, "files were closed and reopened: " + store.reopened());
        assertEquals(0, store.open(), "every file closed with the sink");

        CountingStore oneEach = new CountingStore();
        try (RecordingSink sink = new RecordingSink(unbounded, RecordingLimits.DEFAULT.withMaxOpenFiles(SESSIONS), oneEach)) {
            record(sink, interleaved());
        }
        assertEquals(SESSIONS, oneEach.peak(), "the reference run held one open file per session");
        assertEquals(0, oneEach.reopened());
        for (int s = 0; s < SESSIONS; s++) {
            String name = id(s) + RecordingFormat.FILE_SUFFIX;
            assertArrayEquals(Files.readAllBytes(unbounded.resolve(name)), Files.readAllBytes(bounded.resolve(name)), name);
        }
    }

    @Test
    void noOpenFileAtAllIsRefusedNamingTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordingLimits.DEFAULT.withMaxOpenFiles(0));
        assertEquals("maxOpenFiles must be at least 1, got 0", e.getMessage());
        assertEquals(RecordingLimits.DEFAULT_MAX_OPEN_FILES, RecordingLimits.DEFAULT.maxOpenFiles());
    }
}
