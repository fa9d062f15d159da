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
import java.util.concurrent.TimeUnit;

import static dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER;
import static dev.tapdeck.proxy.RawWsClient.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tail of a stream survives its sender's close: the upstream writes 4 MiB of frames and closes at once
 * while the relay reading it is paused (the recorder's disk is slow and its queue small, so the relay waits
 * for it). Vert.x fires a socket's close handler as soon as the TCP connection is gone, before the data still
 * queued in the paused socket is delivered; every byte must still reach the client and the recording.
 */
class WebSocketTailTest extends WebSocketTestBase {

    @Test
    void bytesSentJustBeforeACloseReachTheOtherSideAndTheRecording(@TempDir Path dir) throws Exception {
        Random random = new Random(6455);
        byte[] payload = new byte[64 * 1024];
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 64; i++) {
            random.nextBytes(payload);
            burst.write(RawWsUpstream.frame(0x82, payload));
        }
        byte[] close = FrameBuilder.close(1000, "bye").build(CLIENT_TO_SERVER, random);
        byte[] closeEcho = RawWsUpstream.frame(0x88, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'});
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(burst.toByteArray());
        expected.write(closeEcho);
        byte[] whole = expected.toByteArray();
        RecordingLimits limits = RecordingLimits.DEFAULT.withMaxQueuedBytes(1L << 20);
        try (RawWsUpstream up = RawWsUpstream.echo("", burst.toByteArray());
             RecordingSink rec = new RecordingSink(dir, limits, new SlowStore(TimeUnit.MILLISECONDS.toNanos(5)));
             ProxyHarness h = new ProxyHarness(vertx, config(up.port(), Policy.OBSERVE).withRecordDir(dir),
                     EventSink.all(List.of(sink, rec)));
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            assertTrue(c.handshake(RawWsClient.upgrade("/chat", "")).startsWith("HTTP/1.1 101 "));
            // the upstream answers the Close after its burst, then closes its TCP connection at once
            c.send(close);
            byte[] got = c.readToEnd();
            assertEquals(whole.length, got.length, "bytes from the upstream that reached the client");
            assertEquals(sha256(whole), sha256(got), "upstream to client, byte for byte");

            rec.flush();
            assertEquals(0, rec.droppedEvents());
            String id = sink.of(TapEvent.SessionStarted.class).get(0).sessionId();
            RecordingReader.Recording r = RecordingReader.read(rec.fileOf(id));
            assertArrayEquals(whole, r.wsBytes(Direction.SERVER_TO_CLIENT), "the recording keeps every byte");
            assertArrayEquals(close, r.wsBytes(Direction.CLIENT_TO_SERVER));
        }
    }
}
