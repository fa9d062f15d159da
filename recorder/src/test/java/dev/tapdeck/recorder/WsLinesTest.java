package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.ws.BufferType;
import dev.tapdeck.protocol.ws.MessageType;
import dev.tapdeck.protocol.ws.WsRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A WebSocket session written and read back: every line type of FORMAT.md's "WebSocket lines". */
class WsLinesTest {
    private static final Direction C2S = Direction.CLIENT_TO_SERVER;
    private static final Direction S2C = Direction.SERVER_TO_CLIENT;
    // RFC 6455 5.7: a masked "Hello" split in two reads, then the server's unmasked "Hello"
    private static final byte[] PART1 = HexFormat.of().parseHex("818537fa213d7f");
    private static final byte[] PART2 = HexFormat.of().parseHex("9f4d5158");
    private static final byte[] SERVER = HexFormat.of().parseHex("810548656c6c6f");

    @Test
    void aChunkLineWrittenDirectlyIsByteForByteWhatJacksonWrites() {
        java.util.Random random = new java.util.Random(4);
        for (int size : new int[]{0, 1, 2, 3, 4, 5, 57, 1024, 65_536, 65_537}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            long off = random.nextInt(1 << 20);
            for (long fwd : new long[]{off + size, off}) { // all forwarded, or held back by an enforcing proxy
                for (Direction dir : Direction.values()) {
                    TapEvent.WsChunkRelayed c = new TapEvent.WsChunkRelayed("s", 1L << 40 | size, 123_456_789_012L,
                            dir, off, bytes, fwd);
                    byte[] viaTree = RecordingFormat.line(RecordingFormat.toJson(c));
                    assertEquals(new String(viaTree, StandardCharsets.UTF_8),
                            new String(RecordingFormat.lineOf(c), StandardCharsets.UTF_8), "size " + size + " fwd " + fwd);
                }
            }
        }
    }

    @Test
    void everyWebSocketLineTypeRoundTrips(@TempDir Path dir) throws Exception {
        String id = "ws1";
        HttpHead request = HttpHead.request("GET", "/chat", "HTTP/1.1", List.of(Map.entry("Upgrade", "websocket"),
                Map.entry("Cookie", "session=secret-token")));
        HttpHead response = HttpHead.response(101, "HTTP/1.1", List.of(Map.entry("Upgrade", "websocket")));
        Violation v = new Violation(WsRule.UNMASKED_CLIENT_FRAME, "client-to-server frame 1", "MASK bit is 0");
        byte[] close = HexFormat.of().parseHex("880203ea");
        List<TapEvent> events = List.of(
                new TapEvent.SessionStarted(id, 0, 0, "websocket", "main", "127.0.0.1:1", "ws://up:80", 0L, "test", true),
                new TapEvent.WsHandshakeRelayed(id, 1, 5, 1, new HeaderRedactor(true).redact(request), response,
                        new byte[0], true, "chat", List.of("permessage-deflate; client_max_window_bits=15"), List.of(),
                        TapEvent.Verdict.FORWARDED),
                new TapEvent.WsChunkRelayed(id, 2, 6, C2S, 0, PART1, 7),
                new TapEvent.WsChunkRelayed(id, 3, 7, C2S, 7, PART2, 11),
                new TapEvent.WsFrameDecoded(id, 4, 7, C2S, 0, 0, true, 0, 1, true, 5, BufferType.UTF8_MESSAGE),
                new TapEvent.WsMessageAssembled(id, 5, 7, C2S, 0, MessageType.TEXT, false, 5, "Hello", null, false),
                new TapEvent.WsChunkRelayed(id, 6, 8, S2C, 0, SERVER, 7),
                new TapEvent.WsMessageAssembled(id, 7, 8, S2C, 0, MessageType.BINARY, true, 40, null, "0001", true),
                new TapEvent.WsViolationFound(id, 8, 9, C2S, 1, 11, 12, v, true),
                new TapEvent.WsPolicyEnforced(id, 9, 9, C2S, v, 1002, TapEvent.WsOutcome.CONNECTION_DROPPED,
                        TapEvent.WsOutcome.CLOSE_SENT, null, close),
                new TapEvent.WsCloseReceived(id, 10, 9, S2C, 1, 1000, "bye"),
                new TapEvent.WsDecodingStopped(id, 11, 9, C2S, 1, 12, "the header of frame 1 fails the connection"),
                new TapEvent.WsDirectionEnded(id, 12, 10, C2S, 20, true, false, 11),
                new TapEvent.SessionEnded(id, 13, 11, "websocket failed by the policy", 1, 20, 7));
        try (RecordingSink sink = new RecordingSink(dir)) {
            events.forEach(sink::accept);
            sink.flush();
            RecordingReader.Recording rec = RecordingReader.read(sink.fileOf(id));
            assertTrue(rec.ended());
            assertArrayEquals(HexFormat.of().parseHex("818537fa213d7f9f4d5158"), rec.wsBytes(C2S), "chunks rebuild the stream");
            assertArrayEquals(SERVER, rec.wsBytes(S2C));
            List<JsonNode> chunks = rec.ofType("ws-chunk");
            assertEquals(7, chunks.get(1).path("off").asLong());
            assertFalse(chunks.get(0).has("fwd"), "nothing held back: no fwd field");
            JsonNode hs = rec.ofType("ws-handshake").get(0);
            assertEquals("chat", hs.path("subprotocol").asText());
            assertEquals("permessage-deflate; client_max_window_bits=15", hs.path("extensions").get(0).asText());
            assertFalse(hs.has("body"));
            JsonNode frame = rec.ofType("ws-frame").get(0);
            assertEquals("UTF8_MESSAGE", frame.path("buf").asText());
            assertTrue(frame.path("mask").asBoolean());
            List<JsonNode> messages = rec.ofType("ws-message");
            assertEquals("Hello", messages.get(0).path("text").asText());
            assertEquals("0001", messages.get(1).path("hex").asText());
            assertTrue(messages.get(1).path("compressed").asBoolean());
            JsonNode violation = rec.ofType("ws-violation").get(0);
            assertEquals("WsRule.UNMASKED_CLIENT_FRAME", violation.path("violation").path("rule").asText());
            assertTrue(violation.path("blocking").asBoolean());
            JsonNode enforced = rec.ofType("ws-enforced").get(0);
            assertEquals("CONNECTION_DROPPED", enforced.path("towardServer").asText());
            assertFalse(enforced.has("closeToServer"));
            assertEquals("iAID6g==", enforced.path("closeToClient").asText());
            assertEquals(1000, rec.ofType("ws-close").get(0).path("code").asInt());
            assertEquals(12, rec.ofType("ws-stopped").get(0).path("at").asLong());
            JsonNode end = rec.ofType("ws-end").get(0);
            assertEquals(20, end.path("bytes").asLong());
            assertEquals(11, end.path("forwarded").asLong());
            String raw = Files.readString(sink.fileOf(id), StandardCharsets.UTF_8);
            assertFalse(raw.contains("secret-token"), "cookies of the upgrade request are redacted");
        }
    }
}
