package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.ws.DecoderHarness.Decoded;
import dev.tapdeck.protocol.ws.WsEvent.FrameHeaderParsed;
import dev.tapdeck.protocol.ws.WsEvent.ViolationFound;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.tapdeck.protocol.ws.FrameBuilder.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The 132 Autobahn 6.5-6.23 payloads (corpus/websocket/autobahn-6x-utf8-vectors.tsv), each sent as one
 * text frame in both directions: valid ones decode to the same text, invalid ones fail at the byte the
 * fail-fast oracle names (UT-1), or at the end when every prefix was possible (UT-2).
 */
class Utf8VectorsTest {

    @Test
    void everyVectorAgreesWithTheTsvAndTheFailFastOracle() {
        List<Map<String, String>> rows = WsCorpus.tsv("autobahn-6x-utf8-vectors.tsv");
        assertEquals(132, rows.size(), "rows of autobahn-6x-utf8-vectors.tsv");
        int valid = 0;
        for (Map<String, String> row : rows) {
            String id = row.get("case_id");
            byte[] payload = hex(row.get("payload_hex"));
            boolean expectValid = Boolean.parseBoolean(row.get("valid_utf8"));
            assertEquals(expectValid, Utf8Oracle.valid(payload), id + ": the reference decoder agrees with the TSV");
            for (Direction direction : Direction.values()) {
                check(id, payload, expectValid, direction);
            }
            valid += expectValid ? 1 : 0;
        }
        assertEquals(63, valid, "valid vectors");
    }

    private static void check(String id, byte[] payload, boolean expectValid, Direction direction) {
        WireScript wire = new WireScript(direction, id.hashCode()).text(payload);
        Decoded d = new DecoderHarness(direction).decodeAtEverySplit(wire.bytes());
        String what = id + " " + direction;
        if (expectValid) {
            assertEquals(List.of(), d.violations(), what);
            assertEquals(1, d.only(WsEvent.MessageAssembled.class).size(), what);
            assertEquals(List.of(new String(payload, java.nio.charset.StandardCharsets.UTF_8)), d.texts(), what);
            return;
        }
        int headerLength = d.only(FrameHeaderParsed.class).get(0).header().headerLength();
        int impossibleAt = Utf8Oracle.firstImpossible(payload);
        ViolationFound v = d.violations().get(0);
        assertEquals(1, d.violations().size(), what);
        if (impossibleAt >= 0) {
            assertEquals(WsRule.INVALID_UTF8_TEXT, v.rule(), what);
            assertEquals(headerLength + impossibleAt, v.byteOffset(), what + ": fail-fast offset");
        } else {
            assertEquals(WsRule.TRUNCATED_UTF8_TEXT, v.rule(), what);
            assertEquals(headerLength + payload.length - 1, v.byteOffset(), what + ": detected at the last byte");
        }
        assertFalse(d.only(WsEvent.DecodingStopped.class).isEmpty(), what);
    }

    @Test
    void validatorMatchesTheReferenceOnRandomBytes() {
        // bytes drawn mostly from the interesting lead/continuation ranges, so many strings are near-valid
        byte[] alphabet = hex("41 7f 80 8f 90 9f a0 bf c0 c1 c2 df e0 e1 ec ed ee ef f0 f1 f3 f4 f5 ff");
        Random random = new Random(6455);
        int validCount = 0;
        for (int n = 0; n < 5_000; n++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            Utf8Validator v = new Utf8Validator();
            int bad = v.update(b, 0, b.length);
            boolean valid = bad < 0 && v.complete();
            assertEquals(Utf8Oracle.valid(b), valid, () -> java.util.HexFormat.of().formatHex(b));
            assertEquals(Utf8Oracle.firstImpossible(b), bad, () -> "fail-fast index of " + java.util.HexFormat.of().formatHex(b));
            validCount += valid ? 1 : 0;
        }
        assertFalse(validCount < 100, "the sample contains valid strings too: " + validCount);
    }
}
