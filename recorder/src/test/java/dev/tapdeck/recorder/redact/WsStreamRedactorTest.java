package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.ws.Direction;
import dev.tapdeck.protocol.ws.ExtensionsInUse;
import dev.tapdeck.protocol.ws.FrameBuilder;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.protocol.ws.WsLimits;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON values named in WebSocket text messages: the client's masked, fragmented stream (with a ping between the
 * fragments) is rewritten so that a frame decoder reads the redacted message and no rule breaks, whatever the
 * chunking (fed at every split offset), and the same token gets the same placeholder.
 */
class WsStreamRedactorTest {
    private static final String TOKEN = "s3cr3t-t0ken-value";
    private static final RedactionPolicy POLICY = RedactionPolicy.of(true, null, null, List.of("$.auth.token", "$.items[*].pw"));

    private static byte[] stream() {
        String first = "{\"auth\":{\"user\":\"ann\",\"tok";
        String rest = "en\":\"" + TOKEN + "\"},\"items\":[{\"pw\":\"" + TOKEN + "\"},{\"pw\":42}]}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FrameBuilder.text(first).fin(false).mask(0x11223344).build());
        out.writeBytes(FrameBuilder.ping("p".getBytes(StandardCharsets.US_ASCII)).mask(0x55667788).build());
        out.writeBytes(FrameBuilder.continuation(rest.getBytes(StandardCharsets.UTF_8)).mask(0x0A0B0C0D).build());
        out.writeBytes(FrameBuilder.text("{\"auth\":{\"token\":\"" + TOKEN + "\"}}").mask(0x01020304).build());
        out.writeBytes(FrameBuilder.binary(TOKEN.getBytes(StandardCharsets.US_ASCII)).mask(0x01020304).build());
        return out.toByteArray();
    }

    @Test
    void theRedactedStreamDecodesToTheRedactedMessagesAtEverySplit() {
        byte[] wire = stream();
        byte[] expected = null;
        for (int split = 0; split <= wire.length; split++) {
            WsStreamRedactor r = new SessionRedactor(POLICY).webSocket(dev.tapdeck.recorder.Direction.CLIENT_TO_SERVER);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(r.chunk(java.util.Arrays.copyOfRange(wire, 0, split)));
            out.writeBytes(r.chunk(java.util.Arrays.copyOfRange(wire, split, wire.length)));
            byte[] redacted = out.toByteArray();
            assertEquals(redacted.length, r.offset());
            if (expected == null) {
                expected = redacted;
            }
            assertEquals(new String(expected, StandardCharsets.ISO_8859_1), new String(redacted, StandardCharsets.ISO_8859_1),
                    "split at " + split);
        }
        List<String> texts = new ArrayList<>();
        List<WsEvent> events = new FrameDecoder(Direction.CLIENT_TO_SERVER, ExtensionsInUse.NONE, WsLimits.DEFAULT)
                .feed(expected, 0, expected.length);
        for (WsEvent e : events) {
            assertFalse(e instanceof WsEvent.ViolationFound, e.toString());
            if (e instanceof WsEvent.MessageAssembled m && m.type() == dev.tapdeck.protocol.ws.MessageType.TEXT) {
                texts.add(new String(m.data().bytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("{\"auth\":{\"user\":\"ann\",\"token\":\"tapdeck-redacted-1\"},\"items\":[{\"pw\":\"tapdeck-redacted-1\"},"
                + "{\"pw\":\"tapdeck-redacted-2\"}]}", "{\"auth\":{\"token\":\"tapdeck-redacted-1\"}}"), texts);
    }

    @Test
    void framePlacesPointIntoTheRedactedStream() {
        WsStreamRedactor r = new SessionRedactor(POLICY).webSocket(dev.tapdeck.recorder.Direction.CLIENT_TO_SERVER);
        byte[] redacted = r.chunk(stream());
        // frame 0: the first fragment, emptied: a 6-byte masked header; frame 1: the ping right after it
        assertEquals(0, r.frame(0).payloadLength());
        assertEquals(6, r.frame(1).offset());
        assertEquals(redacted.length, r.translate(stream().length));
        assertTrue(r.redactedText(2).contains("tapdeck-redacted-1"));
    }

    @Test
    void withoutJsonPathsTheStreamPassesUnchanged() {
        WsStreamRedactor r = new SessionRedactor(RedactionPolicy.DEFAULT).webSocket(dev.tapdeck.recorder.Direction.SERVER_TO_CLIENT);
        byte[] wire = stream();
        assertTrue(wire == r.chunk(wire));
        assertFalse(r.active());
    }
}
