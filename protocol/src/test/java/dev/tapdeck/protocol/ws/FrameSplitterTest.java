package dev.tapdeck.protocol.ws;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FrameEncoder against the RFC 6455 5.7 examples, and FrameSplitter at every split offset. */
class FrameSplitterTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theEncoderWritesTheRfcExamples() {
        byte[] hello = "Hello".getBytes(StandardCharsets.UTF_8);
        // RFC 6455 5.7: a single-frame unmasked text message, and the same masked with key 37 fa 21 3d
        assertEquals("810548656c6c6f", HEX.formatHex(FrameEncoder.encode(true, 0, Opcode.TEXT, false, 0, hello)));
        assertEquals("818537fa213d7f9f4d5158",
                HEX.formatHex(FrameEncoder.encode(true, 0, Opcode.TEXT, true, 0x37fa213d, hello)));
        // 5.7: the first fragment of an unmasked text message, then a 256-byte and a 64 KiB binary message
        assertEquals("010348656c", HEX.formatHex(FrameEncoder.encode(false, 0, Opcode.TEXT, false, 0,
                "Hel".getBytes(StandardCharsets.UTF_8))));
        assertEquals("827e0100", HEX.formatHex(FrameEncoder.encode(true, 0, Opcode.BINARY, false, 0, new byte[256]), 0, 4));
        assertEquals("827f0000000000010000",
                HEX.formatHex(FrameEncoder.encode(true, 0, Opcode.BINARY, false, 0, new byte[65536]), 0, 10));
        assertEquals("c1", HEX.formatHex(FrameEncoder.encode(true, 4, Opcode.TEXT, false, 0, new byte[1]), 0, 1));
    }

    @Test
    void theSplitterFindsEveryFrameWhateverTheChunking() {
        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        // written by the test's own builder: its masking is independent of the splitter's
        wire.writeBytes(FrameBuilder.text("Hel").fin(false).mask(0x01020304).build());
        wire.writeBytes(FrameBuilder.ping(new byte[0]).mask(0x0a0b0c0d).build());
        wire.writeBytes(FrameBuilder.continuation("lo".getBytes(StandardCharsets.UTF_8)).mask(0xdeadbeef).build());
        wire.writeBytes(FrameBuilder.binary(big).unmasked().build());
        wire.writeBytes(FrameBuilder.close(1000, "bye").mask(0x11223344).build());
        byte[] bytes = wire.toByteArray();

        for (int split : new int[]{0, 1, 2, 5, 6, 7, 12, 13, 14, 100, bytes.length - 1, bytes.length}) {
            FrameSplitter s = new FrameSplitter(1 << 20);
            List<FrameSplitter.Frame> frames = new ArrayList<>(s.feed(bytes, 0, split));
            frames.addAll(s.feed(bytes, split, bytes.length - split));
            assertFalse(s.midFrame());
            assertEquals(5, frames.size(), "split at " + split);
            assertEquals("Hel", new String(frames.get(0).payload(), StandardCharsets.UTF_8));
            assertFalse(frames.get(0).header().fin());
            assertEquals(Opcode.PING, frames.get(1).header().opcode());
            assertEquals(0, frames.get(1).payload().length);
            assertEquals("lo", new String(frames.get(2).payload(), StandardCharsets.UTF_8));
            assertArrayEquals(big, frames.get(3).payload());
            assertEquals("03e8627965", HEX.formatHex(frames.get(4).payload()));
            assertEquals(4, frames.get(4).index());
            assertEquals(bytes.length - 11, frames.get(4).frameOffset());
        }
        // byte by byte
        FrameSplitter s = new FrameSplitter(1 << 20);
        List<FrameSplitter.Frame> frames = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            frames.addAll(s.feed(bytes, i, 1));
        }
        assertEquals(5, frames.size());
        assertArrayEquals(big, frames.get(3).payload());
    }

    @Test
    void aPayloadOverTheLimitIsSkippedAndTheNextFrameStillFound() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(FrameEncoder.encode(true, 0, Opcode.BINARY, false, 0, new byte[300]));
        wire.writeBytes(FrameEncoder.encode(true, 0, Opcode.TEXT, true, 0x55aa55aa, "ok".getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = wire.toByteArray();
        FrameSplitter s = new FrameSplitter(100);
        List<FrameSplitter.Frame> frames = s.feed(bytes, 0, bytes.length - 1);
        assertEquals(1, frames.size());
        assertNull(frames.get(0).payload(), "over the limit: no payload kept");
        assertEquals(300, frames.get(0).header().payloadLength());
        assertTrue(s.midFrame());
        frames = s.feed(bytes, bytes.length - 1, 1);
        assertEquals("ok", new String(frames.get(0).payload(), StandardCharsets.UTF_8));
    }
}
