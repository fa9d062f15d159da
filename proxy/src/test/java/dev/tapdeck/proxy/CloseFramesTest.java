package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ws.Direction;
import dev.tapdeck.protocol.ws.ExtensionsInUse;
import dev.tapdeck.protocol.ws.FrameBuilder;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.protocol.ws.WsLimits;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tapdeck.protocol.ws.FrameBuilder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloseFramesTest {
    @Test
    void unmaskedAndMaskedFramesMatchHandComputedBytes() {
        assertArrayEquals(hex("88 02 03 ea"), CloseFrames.unmasked(1002, ""));
        // RFC 6455 5.7's key 37 fa 21 3d over 03 e8 (1000): 03^37 = 34, e8^fa = 12
        assertArrayEquals(hex("88 82 37 fa 21 3d 34 12"), CloseFrames.masked(1000, "", 0x37fa213d));
        assertArrayEquals(FrameBuilder.close(1007, "tapdeck: bad").mask(0x01020304).build(),
                CloseFrames.masked(1007, "tapdeck: bad", 0x01020304));
    }

    @Test
    void aLongReasonIsCutBeforeTheCharacterThatWouldCross123Bytes() {
        String reason = "x".repeat(122) + "☃"; // the snowman's 3 bytes would end at byte 125
        byte[] frame = CloseFrames.unmasked(1002, reason);
        assertEquals(2 + 2 + 122, frame.length);
        // the proxy's own frames pass the tap it uses: no rule occurrence, code and reason as written
        List<WsEvent> events;
        try (FrameDecoder d = new FrameDecoder(Direction.CLIENT_TO_SERVER, ExtensionsInUse.NONE, WsLimits.DEFAULT)) {
            events = d.feed(CloseFrames.masked(1002, reason, 0xCAFEBABE), 0, 130);
        }
        assertTrue(events.stream().noneMatch(e -> e instanceof WsEvent.ViolationFound), events.toString());
        WsEvent.CloseReceived close = events.stream().filter(e -> e instanceof WsEvent.CloseReceived)
                .map(e -> (WsEvent.CloseReceived) e).findFirst().orElseThrow();
        assertEquals(1002, close.code().getAsInt());
        assertEquals("x".repeat(122), close.reason());
    }
}
