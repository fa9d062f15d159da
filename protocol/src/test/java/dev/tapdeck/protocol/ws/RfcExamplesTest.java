package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.ws.DecoderHarness.Decoded;
import dev.tapdeck.protocol.ws.WsEvent.FrameDecoded;
import dev.tapdeck.protocol.ws.WsEvent.MessageAssembled;
import dev.tapdeck.protocol.ws.WsEvent.PingReceived;
import dev.tapdeck.protocol.ws.WsEvent.PongReceived;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static dev.tapdeck.protocol.ws.FrameBuilder.concat;
import static dev.tapdeck.protocol.ws.FrameBuilder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6455 5.7 and RFC 7692 7.2.3 examples (notes appendix and PMD-10), fed at every split offset. */
class RfcExamplesTest {
    private static final DecoderHarness SERVER = new DecoderHarness(Direction.SERVER_TO_CLIENT);
    private static final DecoderHarness CLIENT = new DecoderHarness(Direction.CLIENT_TO_SERVER);
    private static final DecoderHarness DEFLATE_SERVER = new DecoderHarness(Direction.SERVER_TO_CLIENT,
            ExtensionsInUse.deflate(PerMessageDeflate.DEFAULT), WsLimits.DEFAULT);

    private static void assertClean(Decoded d) {
        assertEquals(List.of(), d.violations());
        assertFalse(d.stopped());
    }

    @Test
    void unmaskedTextHello() {
        Decoded d = SERVER.decodeAtEverySplit(hex("81 05 48 65 6c 6c 6f"));
        assertClean(d);
        assertEquals(List.of("Hello"), d.texts());
        FrameDecoded f = d.only(FrameDecoded.class).get(0);
        assertEquals(BufferType.UTF8_MESSAGE, f.bufferType());
        assertEquals(new FrameHeader(true, false, false, false, Opcode.TEXT, false, 0, 5, 2), f.header());
    }

    @Test
    void maskedTextHello() {
        Decoded d = CLIENT.decodeAtEverySplit(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertClean(d);
        assertEquals(List.of("Hello"), d.texts());
        assertEquals(0x37fa213d, d.only(FrameDecoded.class).get(0).header().maskKey());
    }

    @Test
    void fragmentedUnmaskedText() {
        Decoded d = SERVER.decodeAtEverySplit(hex("01 03 48 65 6c  80 02 6c 6f"));
        assertClean(d);
        assertEquals(List.of("Hello"), d.texts());
        assertEquals(List.of(BufferType.UTF8_FRAGMENT, BufferType.UTF8_MESSAGE),
                d.only(FrameDecoded.class).stream().map(FrameDecoded::bufferType).toList());
    }

    @Test
    void pingAndTheMaskedPongThatEchoesIt() {
        PingLedger ledger = new PingLedger(4);
        FrameDecoder server = new FrameDecoder(Direction.SERVER_TO_CLIENT, ExtensionsInUse.NONE, WsLimits.DEFAULT, ledger);
        FrameDecoder client = new FrameDecoder(Direction.CLIENT_TO_SERVER, ExtensionsInUse.NONE, WsLimits.DEFAULT, ledger);
        byte[] ping = hex("89 05 48 65 6c 6c 6f");
        byte[] pong = hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58");
        List<WsEvent> pingEvents = server.feed(ping, 0, ping.length);
        assertEquals("Hello", ((PingReceived) pingEvents.get(2)).payload().text());
        List<WsEvent> pongEvents = client.feed(pong, 0, pong.length);
        assertEquals(BufferType.PING_PONG, ((FrameDecoded) pongEvents.get(1)).bufferType());
        assertTrue(((PongReceived) pongEvents.get(2)).solicited());
        assertEquals(0, ledger.outstanding(Direction.SERVER_TO_CLIENT));
        // each frame alone also decodes cleanly at every split
        assertClean(SERVER.decodeAtEverySplit(ping));
        assertClean(CLIENT.decodeAtEverySplit(pong));
    }

    @Test
    void sixteenAndSixtyFourBitLengths() {
        byte[] body256 = new byte[256];
        Arrays.fill(body256, (byte) 0x5A);
        byte[] body64k = new byte[65536];
        Arrays.fill(body64k, (byte) 0xA5);
        byte[] wire = concat(hex("82 7e 01 00"), body256, hex("82 7f 00 00 00 00 00 01 00 00"), body64k);
        Decoded d = SERVER.decodeAllChunkings(wire, new int[]{260, wire.length}, 997);
        assertClean(d);
        List<MessageAssembled> messages = d.only(MessageAssembled.class);
        assertArrayEquals(body256, messages.get(0).data().bytes());
        assertArrayEquals(body64k, messages.get(1).data().bytes());
        assertEquals(List.of(4, 10), d.only(FrameDecoded.class).stream().map(f -> f.header().headerLength()).toList());
    }

    @ParameterizedTest(name = "RFC 7692 {0}")
    @CsvSource(delimiter = ';', value = {
            "7.2.3.1;     c1 07 f2 48 cd c9 c9 07 00;                                  Hello",
            "7.2.3.1 fragmented, RSV1 on the first frame only; 41 03 f2 48 cd  80 04 c9 c9 07 00; Hello",
            "7.2.3.2 shared window; c1 07 f2 48 cd c9 c9 07 00  c1 05 f2 00 11 00 00;  Hello|Hello",
            "7.2.3.3 no compression; c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00;          Hello",
            "7.2.3.4 BFINAL block;  c1 08 f3 48 cd c9 c9 07 00 00;                     Hello",
            "7.2.3.5 two blocks;    c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00;      Hello",
            "7.2.3.6 empty message; c1 01 00;                                          ''"})
    void deflateExamples(String section, String wire, String texts) {
        Decoded d = DEFLATE_SERVER.decodeAtEverySplit(hex(wire));
        assertClean(d);
        assertEquals(List.of(texts.split("\\|", -1)), d.texts());
        assertTrue(d.only(MessageAssembled.class).stream().allMatch(MessageAssembled::compressed));
    }

    @Test
    void deflateSecondMessageWithoutContextTakeoverIsNotDecodable() {
        // the shared-window vector only inflates with context takeover: without it the back reference fails
        DecoderHarness noTakeover = new DecoderHarness(Direction.SERVER_TO_CLIENT,
                ExtensionsInUse.deflate(new PerMessageDeflate(true, false, 15, 15)), WsLimits.DEFAULT);
        Decoded d = noTakeover.decodeAtEverySplit(hex("c1 07 f2 48 cd c9 c9 07 00  c1 05 f2 00 11 00 00"));
        assertEquals(List.of(WsRule.COMPRESSED_DATA_INVALID), d.rules());
        assertTrue(d.stopped());
    }
}
