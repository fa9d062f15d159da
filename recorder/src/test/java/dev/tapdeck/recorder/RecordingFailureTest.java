package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.tapdeck.recorder.RecordingLimitsTest.ended;
import static dev.tapdeck.recorder.RecordingLimitsTest.http;
import static dev.tapdeck.recorder.RecordingLimitsTest.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full disk: the file keeps its whole lines, the trailer says why it is incomplete, a probe sees the disk recover. */
class RecordingFailureTest {
    private static final RecordingLimits FAST_RETRY = RecordingLimits.DEFAULT.withRetryInterval(Duration.ofMillis(1));

    @Test
    void aFullDiskCutsTheFileBackToItsLastWholeLineAndTheTrailerSaysWhy(@TempDir Path dir) throws Exception {
        FullDiskStore disk = new FullDiskStore(Long.MAX_VALUE);
        try (RecordingSink sink = new RecordingSink(dir, FAST_RETRY, disk)) {
            sink.accept(started("s"));
            for (int i = 1; i <= 3; i++) {
                sink.accept(http("s", i));
            }
            sink.flush();
            long before = disk.used();
            disk.capacity(before + 700); // the next line (a 1 KiB body) only partly fits
            sink.accept(http("s", 4));
            sink.flush();
            assertEquals(before, Files.size(sink.fileOf("s")), "the half-written line was cut off");
            assertNotNull(sink.unavailable());
            assertTrue(sink.unavailable().contains(FullDiskStore.ENOSPC), sink.unavailable());
            sink.accept(http("s", 5));
            disk.capacity(Long.MAX_VALUE); // room again: the trailer fits
            sink.accept(ended("s", 6));
            sink.flush();
            RecordingReader.Recording rec = RecordingReader.read(sink.fileOf("s"));
            assertNull(rec.tornTail());
            assertEquals(3, rec.ofType("http").size());
            JsonNode trailer = rec.trailer();
            assertTrue(trailer.path("incomplete").asBoolean());
            assertEquals("write failed: " + FullDiskStore.ENOSPC, trailer.path("incompleteReason").asText());
            assertEquals(2, trailer.path("droppedEvents").asLong(), "seq 4 (cut off) and 5 (after the failure)");
        }
    }

    @Test
    void whenTheTrailerCannotBeWrittenEitherTheFileEndsUntrailedOnAWholeLine(@TempDir Path dir) throws Exception {
        FullDiskStore disk = new FullDiskStore(Long.MAX_VALUE);
        try (RecordingSink sink = new RecordingSink(dir, FAST_RETRY, disk)) {
            sink.accept(started("s"));
            sink.accept(http("s", 1));
            sink.flush();
            disk.capacity(disk.used() + 10);
            sink.accept(http("s", 2));
            sink.accept(ended("s", 3));
            sink.flush();
            RecordingReader.Recording rec = RecordingReader.read(sink.fileOf("s"));
            assertFalse(rec.ended());
            assertNull(rec.tornTail());
            assertEquals(1, rec.events().size());
            assertTrue(rec.incomplete());
        }
    }

    @Test
    void aProbeWriteSeesTheDiskRecoverAndNewRecordingsStartAgain(@TempDir Path dir) throws Exception {
        FullDiskStore disk = new FullDiskStore(0);
        try (RecordingSink sink = new RecordingSink(dir, FAST_RETRY, disk)) {
            sink.accept(started("refused"));
            sink.accept(http("refused", 1));
            sink.accept(ended("refused", 2));
            sink.flush();
            assertNull(sink.fileOf("refused"), "no file was created");
            assertEquals(1, sink.recordingsNotStarted());
            assertTrue(sink.unavailable().startsWith("cannot write recordings in "), sink.unavailable());
            disk.capacity(Long.MAX_VALUE);
            // the probe runs on the writer thread every retryInterval; flush() lets it run once the interval is up
            while (sink.unavailable() != null) {
                Thread.sleep(2);
                sink.flush();
            }
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "the probe file is gone");
            }
            RecordingLimitsTest.session(sink, "later", 2);
            sink.flush();
            assertFalse(RecordingReader.read(sink.fileOf("later")).incomplete());
        }
    }

    @Test
    void aHeaderThatNeverReachedTheDiskLeavesNoFile(@TempDir Path dir) throws Exception {
        FullDiskStore disk = new FullDiskStore(1); // the file is created, its header does not fit
        try (RecordingSink sink = new RecordingSink(dir, FAST_RETRY, disk)) {
            RecordingLimitsTest.session(sink, "s", 1);
            sink.flush();
            assertFalse(Files.exists(dir.resolve("s" + RecordingFormat.FILE_SUFFIX)));
            assertEquals(1, sink.recordingsNotStarted());
        }
    }
}
