package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.FrameBuilder;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingLimits;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.SlowStore;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER;
import static dev.tapdeck.proxy.RawWsClient.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: a recorder slower than the traffic slows the relay instead of buffering without bound. 8 MiB go
 * through an echo WebSocket (4 MiB each way) while the recording disk takes 10 ms per write and the recorder's
 * queue may hold 8 MiB: the queue never goes past it, and the recording holds every byte of both directions.
 */
class WebSocketBackpressureTest extends WebSocketTestBase {
    private static final long BOUND = 8L << 20;

    @Test
    void aSlowRecorderPausesTheRelayAndTheRecordingStaysComplete(@TempDir Path dir) throws Exception {
        Random keys = new Random(7692);
        byte[] payload = new byte[64 * 1024];
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        for (int i = 0; i < 64; i++) {
            keys.nextBytes(payload);
            stream.write(FrameBuilder.binary(payload).build(CLIENT_TO_SERVER, keys));
            echo.write(RawWsUpstream.frame(0x82, payload));
        }
        byte[] sent = stream.toByteArray();
        byte[] echoed = echo.toByteArray();
        RecordingLimits limits = RecordingLimits.DEFAULT.withMaxQueuedBytes(BOUND);
        SlowStore disk = new SlowStore(TimeUnit.MILLISECONDS.toNanos(10));
        try (RawWsUpstream up = RawWsUpstream.echo("", new byte[0]);
             RecordingSink rec = new RecordingSink(dir, limits, disk);
             ProxyHarness h = new ProxyHarness(vertx, config(up.port(), Policy.OBSERVE).withRecordDir(dir),
                     EventSink.all(List.of(sink, rec)));
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            assertTrue(c.handshake(RawWsClient.upgrade("/chat", "")).startsWith("HTTP/1.1 101 "));
            // the disk holds still until the recorder is congested once: on a loaded machine the client could
            // otherwise send slower than a 10 ms disk writes, and back-pressure would never be exercised
            disk.stall(true);
            CompletableFuture<Void> unstall = CompletableFuture.runAsync(() -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!rec.congested() && System.nanoTime() < end) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                disk.stall(false);
            });
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.read(echoed.length);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int p = 0; p < sent.length; p += 16 * 1024) {
                c.send(java.util.Arrays.copyOfRange(sent, p, Math.min(sent.length, p + 16 * 1024)));
            }
            unstall.get(60, TimeUnit.SECONDS);
            assertEquals(sha256(echoed), sha256(back.get(60, TimeUnit.SECONDS)), "upstream to client, byte for byte");
            assertEquals(sha256(sent), sha256(up.connections.get(0).received()), "client to upstream, byte for byte");

            // the connection is still open: everything relayed so far is in the recording
            rec.flush();
            assertTrue(rec.peakQueuedBytes() <= BOUND, "peak " + rec.peakQueuedBytes() + " over the bound " + BOUND);
            assertTrue(rec.peakQueuedBytes() >= BOUND / 4 * 3, "the recorder fell behind: back-pressure was needed");
            assertEquals(0, rec.droppedEvents());
            String id = sink.of(TapEvent.SessionStarted.class).get(0).sessionId();
            RecordingReader.Recording r = RecordingReader.read(rec.fileOf(id));
            assertArrayEquals(sent, r.wsBytes(Direction.CLIENT_TO_SERVER), "the recording keeps every byte");
            assertArrayEquals(echoed, r.wsBytes(Direction.SERVER_TO_CLIENT));
        }
    }
}
