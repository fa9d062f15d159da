package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.ws.AutobahnCase.Kind;
import dev.tapdeck.protocol.ws.AutobahnCase.Row;
import dev.tapdeck.protocol.ws.DecoderHarness.Decoded;
import dev.tapdeck.protocol.ws.WsEvent.FrameHeaderParsed;
import dev.tapdeck.protocol.ws.WsEvent.MessageAssembled;
import dev.tapdeck.protocol.ws.WsEvent.ViolationFound;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.tapdeck.protocol.ws.FrameBuilder.concat;
import static dev.tapdeck.protocol.ws.FrameBuilder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of corpus/websocket/autobahn-cases.tsv, rebuilt by {@link AutobahnTable} and decoded in
 * both directions, whole, per frame, byte by byte and in seeded random chunks: "violation" cases
 * report the expected rule, "none" cases report nothing, "informational" ones only notices.
 */
class AutobahnCasesTest {
    private static final WsLimits LIMITS = new WsLimits(1 << 20, 64L << 20, 16);
    private static final String EXT = "Sec-WebSocket-Extensions";

    private static List<Row> rows() {
        Map<String, String> utf8 = WsCorpus.tsv("autobahn-6x-utf8-vectors.tsv").stream()
                .collect(Collectors.toMap(r -> r.get("case_id"), r -> r.get("payload_hex")));
        return WsCorpus.tsv("autobahn-cases.tsv").stream().map(r -> new Row(r.get("case_id"), r.get("description"),
                r.get("tap_expectation"), utf8.get(r.get("case_id")))).collect(Collectors.toList());
    }

    private static Map<String, AutobahnCase> table() {
        return AutobahnTable.all(WsCorpus.tsv("autobahn-6x-utf8-vectors.tsv"));
    }

    @Test
    void tableCoversEveryCaseOfTheCorpusWithItsExpectation() {
        List<Row> rows = rows();
        Map<String, AutobahnCase> table = table();
        Map<Kind, Integer> covered = new EnumMap<>(Kind.class);
        for (Row row : rows) {
            AutobahnCase c = table.get(row.id());
            assertNotNull(c, "case " + row.id() + " has no line in the table");
            assertEquals(Kind.of(row.tapExpectation()), c.kind(), row.id() + ": tap_expectation");
            covered.merge(c.kind(), 1, Integer::sum);
        }
        assertEquals(table.size(), rows.size(), "the table has no case the corpus lacks");
        assertEquals(517, rows.size(), "cases covered");
        assertEquals(Map.of(Kind.VIOLATION, 119, Kind.INFORMATIONAL, 5, Kind.NONE, 393), covered);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseInBothDirections() {
        Map<String, AutobahnCase> table = table();
        return rows().stream().flatMap(row -> Stream.of(Direction.values()).map(d ->
                DynamicTest.dynamicTest(row.id() + " " + d, () -> run(table.get(row.id()), row, d))));
    }

    private static void run(AutobahnCase c, Row row, Direction direction) {
        HandshakeRequest request = c.offer() == null ? Handshakes.request() : Handshakes.request(EXT, c.offer().request());
        HandshakeResponse response = c.offer() == null ? Handshakes.response(request)
                : Handshakes.response(request, EXT, c.offer().response());
        HandshakeOutcome negotiated = HandshakeChecker.check(request, response);
        assertEquals(List.of(), negotiated.violations(), "handshake");
        WireScript wire = new WireScript(direction, c.id().hashCode(), negotiated.extensionsInUse().deflate().orElse(null));
        c.script().write(wire, row);
        Decoded d = new DecoderHarness(direction, negotiated.extensionsInUse(), LIMITS)
                .decodeAllChunkings(wire.bytes(), wire.frameEnds(), c.chops());
        switch (c.kind()) {
            case NONE:
                assertEquals(List.of(), d.violations());
                assertFalse(d.stopped());
                assertEquals(List.of(), d.only(WsEvent.LimitExceeded.class));
                assertMessages(wire, d, c.offer() != null);
                break;
            case VIOLATION:
                ViolationFound first = d.violations().stream()
                        .filter(v -> v.violation().severity() == Severity.VIOLATION).findFirst().orElseThrow();
                assertTrue(c.rules().contains(first.rule()), "expected " + c.rules() + ", got " + d.violations());
                if (first.rule() == WsRule.INVALID_UTF8_TEXT || first.rule() == WsRule.TRUNCATED_UTF8_TEXT) {
                    assertFailFast(row, d, first);
                }
                break;
            default:
                assertTrue(d.violations().stream().allMatch(v -> v.violation().severity() != Severity.VIOLATION), d.violations()::toString);
                assertTrue(d.rules().containsAll(c.rules()), d.violations()::toString);
                assertFalse(d.stopped());
        }
    }

    private static void assertMessages(WireScript wire, Decoded d, boolean compressed) {
        List<MessageAssembled> messages = d.only(MessageAssembled.class);
        if (wire.messagesTracked()) {
            assertEquals(wire.messages().size(), messages.size(), "messages");
            for (int i = 0; i < messages.size(); i++) {
                assertArrayEquals(wire.messages().get(i), messages.get(i).data().bytes(), "message " + i);
                assertEquals(compressed, messages.get(i).compressed());
            }
        }
        assertTrue(messages.stream().allMatch(MessageAssembled::complete));
    }

    /** UT-1 is reported at the first byte no valid text can contain (per the oracle), UT-2 at the message's last byte. */
    private static void assertFailFast(Row row, Decoded d, ViolationFound v) {
        byte[] text = row.utf8PayloadHex() != null ? hex(row.utf8PayloadHex())
                : row.id().startsWith("6.4.") ? concat(AutobahnTable.parts(row.description()))
                : AutobahnTable.hexIn(row.description()).get(0);
        int impossible = Utf8Oracle.firstImpossible(text);
        assertEquals(impossible >= 0 ? WsRule.INVALID_UTF8_TEXT : WsRule.TRUNCATED_UTF8_TEXT, v.rule());
        int index = impossible >= 0 ? impossible : text.length - 1;
        List<Long> wireOffsets = new ArrayList<>();
        for (FrameHeaderParsed h : d.only(FrameHeaderParsed.class)) {
            for (long i = 0; i < h.header().payloadLength() && !h.header().control(); i++) {
                wireOffsets.add(h.frameOffset() + h.header().headerLength() + i);
            }
        }
        assertEquals(wireOffsets.get(index), v.byteOffset(), "detected at message byte " + index);
    }
}
