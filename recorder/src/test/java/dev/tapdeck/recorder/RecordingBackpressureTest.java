package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tapdeck.recorder.RecordingLimitsTest.started;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer's queue is bounded in bytes (maxQueuedBytes): a producer that honours {@code congested()} and
 * {@code whenDrained} (as the relays do) never takes it past the bound and loses nothing on a slow disk; a
 * stalled disk lets the producer go after stallTimeout, and what does not fit is dropped, counted and said.
 */
class RecordingBackpressureTest {
    private static final long BOUND = 256 * 1024;
    private static final int CHUNK = 8 * 1024;

    @Test
    void aSlowDiskSlowsTheProducerTheQueueStaysUnderItsBoundAndTheRecordingIsComplete(@TempDir Path dir) throws Exception {
        RecordingLimits limits = RecordingLimits.DEFAULT.withMaxQueuedBytes(BOUND);
        SlowStore disk = new SlowStore(TimeUnit.MILLISECONDS.toNanos(2));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        int pauses = 0;
        try (RecordingSink sink = new RecordingSink(dir, limits, disk)) {
            sink.accept(started("s"));
            Random random = new Random(11);
            long seq = 1;
            // the disk holds still until the queue is congested once: on a loaded machine the producer could
            // otherwise be slower than a 2 ms disk and never meet the bound (a test that could not fail)
            disk.stall(true);
            for (int i = 0; i < 300; i++) { // 2.4 MiB through a 256 KiB queue
                if (sink.congested()) {
                    pauses++;
                    disk.stall(false);
                    awaitDrained(sink);
                }
                byte[] chunk = new byte[CHUNK];
                random.nextBytes(chunk);
                sink.accept(chunk("s", seq++, sent.size(), chunk));
                sent.write(chunk);
            }
            sink.accept(RecordingLimitsTest.ended("s", seq));
            sink.flush();
            assertTrue(pauses > 0, "the slow disk made the producer wait");
            assertTrue(sink.peakQueuedBytes() <= BOUND, "peak " + sink.peakQueuedBytes() + " over the bound " + BOUND);
            assertTrue(sink.peakQueuedBytes() >= BOUND / 4 * 3, "the queue reached its high-water mark");
            assertEquals(0, sink.droppedEvents());
            assertEquals(0, sink.stalls());
            RecordingReader.Recording rec = RecordingReader.read(sink.fileOf("s"));
            assertArrayEquals(sent.toByteArray(), rec.wsBytes(Direction.CLIENT_TO_SERVER), "every byte recorded");
            assertFalse(rec.trailer().has("incomplete"), rec.trailer().toString());
        }
    }

    @Test
    void aStalledDiskLetsTheProducerGoDropsWhatDoesNotFitAndTheTrailerSaysSo(@TempDir Path dir) throws Exception {
        RecordingLimits limits = RecordingLimits.DEFAULT.withMaxQueuedBytes(BOUND).withStallTimeout(Duration.ofMillis(200));
        SlowStore disk = new SlowStore(0);
        try (RecordingSink sink = new RecordingSink(dir, limits, disk)) {
            long seq = congestOnAStalledDisk(sink, disk);
            long beforeStall = seq;
            awaitDrained(sink); // released by the stall timeout: the disk still hangs
            assertEquals(1, sink.stalls());
            assertFalse(sink.congested(), "no back-pressure from a stalled writer");
            for (int i = 0; i < 100; i++) {
                sink.accept(chunk("s", seq++, 0, new byte[CHUNK]));
            }
            assertTrue(sink.peakQueuedBytes() <= BOUND, "peak " + sink.peakQueuedBytes() + " over the bound " + BOUND);
            long dropped = sink.droppedEvents();
            assertTrue(dropped > 0 && dropped <= seq - beforeStall, "dropped " + dropped);
            disk.stall(false);
            sink.accept(RecordingLimitsTest.ended("s", seq));
            sink.flush();
            JsonNode trailer = RecordingReader.read(sink.fileOf("s")).trailer();
            assertTrue(trailer.path("incomplete").asBoolean(), trailer.toString());
            assertEquals(dropped, trailer.path("droppedEvents").asLong());
            assertTrue(trailer.path("incompleteReason").asText().startsWith("queue full: events found the recorder's queue "
                    + "(maxQueuedBytes " + BOUND + ") full"), trailer.toString());
        }
    }

    /**
     * A relay that reads on while the writer resumes the waiters congests the queue again; a waiter that then
     * registers anew (as {@code EventSink.all} does) waits for the next relief. Running it again at once spun
     * the writer, the only thread that can end the congestion, until stallTimeout (a relay stood still 30 s).
     */
    @Test
    void aWaiterThatFindsTheQueueCongestedAgainWaitsForTheNextReliefWhileTheWriterDrains(@TempDir Path dir) throws Exception {
        RecordingLimits limits = RecordingLimits.DEFAULT.withMaxQueuedBytes(BOUND).withStallTimeout(Duration.ofSeconds(5));
        SlowStore disk = new SlowStore(0);
        try (RecordingSink sink = new RecordingSink(dir, limits, disk)) {
            long[] seq = {congestOnAStalledDisk(sink, disk)};
            // the relay reading on: runs first once the writer drained, and congests the queue again
            sink.whenDrained(() -> {
                while (!sink.congested()) {
                    sink.accept(chunk("s", seq[0]++, 0, new byte[CHUNK]));
                }
            });
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch resumed = new CountDownLatch(1);
            Runnable waiter = new Runnable() {
                @Override
                public void run() {
                    runs.incrementAndGet();
                    if (sink.congested()) {
                        sink.whenDrained(this);
                    } else {
                        resumed.countDown();
                    }
                }
            };
            sink.whenDrained(waiter);
            disk.stall(false);
            assertTrue(resumed.await(30, TimeUnit.SECONDS), "the waiter was never resumed");
            assertEquals(0, sink.stalls(), "the writer drained the second congestion itself");
            assertEquals(2, runs.get(), "once at each relief");
        }
    }

    /** Starts session "s", stalls the disk and queues chunks until the sink is congested: the next seq. */
    private static long congestOnAStalledDisk(RecordingSink sink, SlowStore disk) {
        sink.accept(started("s"));
        sink.flush();
        disk.stall(true);
        long seq = 1;
        while (!sink.congested()) {
            sink.accept(chunk("s", seq++, 0, new byte[CHUNK]));
        }
        return seq;
    }

    private static TapEvent.WsChunkRelayed chunk(String id, long seq, long offset, byte[] bytes) {
        return new TapEvent.WsChunkRelayed(id, seq, seq * 10, Direction.CLIENT_TO_SERVER, offset, bytes,
                offset + bytes.length);
    }

    private static void awaitDrained(RecordingSink sink) throws InterruptedException {
        CountDownLatch drained = new CountDownLatch(1);
        sink.whenDrained(drained::countDown);
        assertTrue(drained.await(30, TimeUnit.SECONDS), "the sink never let the producer go on");
    }
}
