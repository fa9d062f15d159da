package dev.tapdeck.protocol.ws;

import static dev.tapdeck.protocol.ws.AutobahnTable.filled;
import static dev.tapdeck.protocol.ws.AutobahnTable.hexIn;
import static dev.tapdeck.protocol.ws.AutobahnTable.oneByteFragments;
import static dev.tapdeck.protocol.ws.AutobahnTable.parts;
import static dev.tapdeck.protocol.ws.AutobahnTable.repeat;
import static dev.tapdeck.protocol.ws.FrameBuilder.close;
import static dev.tapdeck.protocol.ws.FrameBuilder.concat;
import static dev.tapdeck.protocol.ws.FrameBuilder.continuation;
import static dev.tapdeck.protocol.ws.FrameBuilder.frame;
import static dev.tapdeck.protocol.ws.FrameBuilder.hex;
import static dev.tapdeck.protocol.ws.FrameBuilder.ping;
import static dev.tapdeck.protocol.ws.FrameBuilder.pong;
import static dev.tapdeck.protocol.ws.FrameBuilder.text;
import static dev.tapdeck.protocol.ws.FrameBuilder.utf8;
import static dev.tapdeck.protocol.ws.WsRule.CONTINUATION_WITHOUT_MESSAGE;
import static dev.tapdeck.protocol.ws.WsRule.CONTROL_AFTER_CLOSE;
import static dev.tapdeck.protocol.ws.WsRule.CONTROL_FRAME_TOO_LONG;
import static dev.tapdeck.protocol.ws.WsRule.DATA_AFTER_CLOSE;
import static dev.tapdeck.protocol.ws.WsRule.FRAGMENTED_CONTROL_FRAME;
import static dev.tapdeck.protocol.ws.WsRule.INTERLEAVED_DATA_FRAME;
import static dev.tapdeck.protocol.ws.WsRule.INVALID_CLOSE_CODE;
import static dev.tapdeck.protocol.ws.WsRule.RESERVED_BITS_SET;
import static dev.tapdeck.protocol.ws.WsRule.RESERVED_CLOSE_CODE;
import static dev.tapdeck.protocol.ws.WsRule.RESERVED_CONTROL_OPCODE;
import static dev.tapdeck.protocol.ws.WsRule.RESERVED_DATA_OPCODE;
import static dev.tapdeck.protocol.ws.WsRule.UNDEFINED_CLOSE_CODE;

/**
 * Autobahn categories 1 to 7, one line per case, with the payloads of the suite's case classes
 * ("*" text, 0xFE binary, "Hello, world!"). UTF-8 bytes of 6.2-6.4 are read from the case
 * description and those of 6.5-6.23 from autobahn-6x-utf8-vectors.tsv, both in the corpus.
 */
final class AutobahnCases1To7 {
    private static final String HELLO = "Hello, world!";
    private static final byte[] BIN = hex("00 ff fe fd fc fb 00 ff");

    private AutobahnCases1To7() {
    }

    static void register(AutobahnTable t) {
        int[] sizes = {0, 125, 126, 127, 128, 65535, 65536, 65536};
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            t.none("1.1." + (i + 1), (w, r) -> w.text(repeat("*", n)));
            t.none("1.2." + (i + 1), (w, r) -> w.binary(filled(0xFE, n)));
        }
        t.change("1.1.8", c -> c.withChops(997));
        t.change("1.2.8", c -> c.withChops(997));

        t.none("2.1", (w, r) -> w.ping(new byte[0]));
        t.none("2.2", (w, r) -> w.ping(utf8(HELLO)));
        t.none("2.3", (w, r) -> w.ping(BIN));
        t.none("2.4", (w, r) -> w.ping(filled(0xFE, 125)));
        t.violation("2.5", CONTROL_FRAME_TOO_LONG, (w, r) -> w.ping(filled(0xFE, 126)));
        t.none("2.6", (w, r) -> w.ping(filled(0xFE, 125)));
        t.none("2.7", (w, r) -> w.pong(new byte[0]));
        t.none("2.8", (w, r) -> w.pong(utf8("unsolicited pong payload")));
        t.none("2.9", (w, r) -> w.pong(utf8("unsolicited pong payload")).ping(utf8("ping payload")));
        t.none("2.10", (w, r) -> tenPings(w));
        t.none("2.11", (w, r) -> tenPings(w));

        t.violation("3.1", RESERVED_BITS_SET, (w, r) -> w.add(text(HELLO).rsv(1)));
        t.violation("3.2", RESERVED_BITS_SET, (w, r) -> w.text(HELLO).add(text(HELLO).rsv(2)).ping(new byte[0]));
        t.violation("3.3", RESERVED_BITS_SET, (w, r) -> w.text(HELLO).add(text(HELLO).rsv(3)).ping(new byte[0]));
        t.violation("3.4", RESERVED_BITS_SET, (w, r) -> w.text(HELLO).add(text(HELLO).rsv(4)).ping(new byte[0]));
        t.violation("3.5", RESERVED_BITS_SET, (w, r) -> w.add(FrameBuilder.binary(BIN).rsv(5)));
        t.violation("3.6", RESERVED_BITS_SET, (w, r) -> w.add(ping(utf8(HELLO)).rsv(6)));
        t.violation("3.7", RESERVED_BITS_SET, (w, r) -> w.add(close(1000, "").rsv(7)));

        t.violation("4.1.1", RESERVED_DATA_OPCODE, (w, r) -> w.add(frame(3)));
        t.violation("4.1.2", RESERVED_DATA_OPCODE, (w, r) -> w.add(frame(4).payload(utf8("reserved opcode payload"))));
        t.violation("4.1.3", RESERVED_DATA_OPCODE, (w, r) -> w.text(HELLO).add(frame(5)).ping(new byte[0]));
        t.violation("4.1.4", RESERVED_DATA_OPCODE, (w, r) -> w.text(HELLO).add(frame(6).payload(utf8("reserved opcode payload"))).ping(new byte[0]));
        t.violation("4.1.5", RESERVED_DATA_OPCODE, (w, r) -> w.text(HELLO).add(frame(7).payload(utf8("reserved opcode payload"))).ping(new byte[0]));
        t.violation("4.2.1", RESERVED_CONTROL_OPCODE, (w, r) -> w.add(frame(11)));
        t.violation("4.2.2", RESERVED_CONTROL_OPCODE, (w, r) -> w.add(frame(12).payload(utf8("reserved opcode payload"))));
        t.violation("4.2.3", RESERVED_CONTROL_OPCODE, (w, r) -> w.text(HELLO).add(frame(13)).ping(new byte[0]));
        t.violation("4.2.4", RESERVED_CONTROL_OPCODE, (w, r) -> w.text(HELLO).add(frame(14).payload(utf8("reserved opcode payload"))).ping(new byte[0]));
        t.violation("4.2.5", RESERVED_CONTROL_OPCODE, (w, r) -> w.text(HELLO).add(frame(15).payload(utf8("reserved opcode payload"))).ping(new byte[0]));

        t.violation("5.1", FRAGMENTED_CONTROL_FRAME, (w, r) -> w.add(ping(utf8("fragment1")).fin(false)).add(continuation(utf8("fragment2"))));
        t.violation("5.2", FRAGMENTED_CONTROL_FRAME, (w, r) -> w.add(pong(utf8("fragment1")).fin(false)).add(continuation(utf8("fragment2"))));
        for (String id : new String[]{"5.3", "5.4", "5.5"}) {
            t.none(id, (w, r) -> w.add(text("fragment1").fin(false)).add(continuation(utf8("fragment2"))));
        }
        for (String id : new String[]{"5.6", "5.7", "5.8"}) {
            t.none(id, (w, r) -> w.add(text("fragment1").fin(false)).ping(utf8("ping payload")).add(continuation(utf8("fragment2"))));
        }
        for (String id : new String[]{"5.9", "5.10", "5.11"}) {
            t.violation(id, CONTINUATION_WITHOUT_MESSAGE, (w, r) -> w.add(continuation(utf8("non-continuation payload"))).text(HELLO));
        }
        for (String id : new String[]{"5.12", "5.13", "5.14"}) {
            t.violation(id, CONTINUATION_WITHOUT_MESSAGE, (w, r) -> w.add(continuation(utf8("non-continuation payload")).fin(false)).text(HELLO));
        }
        t.violation("5.15", CONTINUATION_WITHOUT_MESSAGE, (w, r) -> w.add(text("fragment1").fin(false)).add(continuation(utf8("fragment2")))
                .add(continuation(utf8("fragment3")).fin(false)).text("fragment4"));
        t.violation("5.16", CONTINUATION_WITHOUT_MESSAGE, (w, r) -> twice(w, false));
        t.violation("5.17", CONTINUATION_WITHOUT_MESSAGE, (w, r) -> twice(w, true));
        t.violation("5.18", INTERLEAVED_DATA_FRAME, (w, r) -> w.add(text("fragment1").fin(false)).add(text("fragment2")));
        t.none("5.19", (w, r) -> pingsBetweenFragments(w));
        t.none("5.20", (w, r) -> pingsBetweenFragments(w));

        t.none("6.1.1", (w, r) -> w.text(""));
        t.none("6.1.2", (w, r) -> w.add(text("").fin(false)).add(continuation(new byte[0]).fin(false)).add(continuation(new byte[0])));
        t.none("6.1.3", (w, r) -> w.add(text("").fin(false)).add(continuation(utf8("middle frame payload")).fin(false))
                .add(continuation(new byte[0])));
        t.none("6.2.1", (w, r) -> w.text(hexIn(r.description()).get(0)));
        t.none("6.2.2", (w, r) -> w.add(text(hexIn(r.description()).get(0)).fin(false)).add(continuation(hexIn(r.description()).get(1))));
        t.none("6.2.3", (w, r) -> oneByteFragments(w, hexIn(r.description()).get(0)));
        t.none("6.2.4", (w, r) -> oneByteFragments(w, hexIn(r.description()).get(0)));
        t.invalidText("6.3.1", (w, r) -> w.text(hexIn(r.description()).get(0)));
        t.invalidText("6.3.2", (w, r) -> oneByteFragments(w, hexIn(r.description()).get(0)));
        for (String id : new String[]{"6.4.1", "6.4.2"}) {
            t.invalidText(id, (w, r) -> w.add(text(parts(r.description())[0]).fin(false))
                    .add(continuation(parts(r.description())[1]).fin(false)).add(continuation(parts(r.description())[2])));
        }
        for (String id : new String[]{"6.4.3", "6.4.4"}) {
            t.invalidText(id, (w, r) -> w.text(concat(parts(r.description()))));
        }
        // 6.5.1-6.23.7: the 132 single-frame payloads of autobahn-6x-utf8-vectors.tsv, registered by
        // AutobahnCasesTest from that file since their ids are only known there
        register7(t);
    }

    private static void register7(AutobahnTable t) {
        t.none("7.1.1", (w, r) -> w.text("Hello World!").close(1000));
        t.informational("7.1.2", CONTROL_AFTER_CLOSE, (w, r) -> w.close(1000).close(1000));
        t.informational("7.1.3", CONTROL_AFTER_CLOSE, (w, r) -> w.close(1000).ping(utf8("Hello World!")));
        t.violation("7.1.4", DATA_AFTER_CLOSE, (w, r) -> w.close(1000).text("Hello World!"));
        t.violation("7.1.5", DATA_AFTER_CLOSE, (w, r) -> w.add(text("fragment1").fin(false)).close(1000).add(continuation(utf8("fragment2"))));
        t.informational("7.1.6", CONTROL_AFTER_CLOSE, (w, r) -> w.text(repeat("BAsd7&jh23", 256 * 1024)).close(1000).ping(utf8("Hello World!")));
        t.none("7.3.1", (w, r) -> w.closeBody(new byte[0]));
        t.violation("7.3.2", WsRule.CLOSE_PAYLOAD_ONE_BYTE, (w, r) -> w.closeBody(utf8("a")));
        t.none("7.3.3", (w, r) -> w.close(1000));
        t.none("7.3.4", (w, r) -> w.add(close(1000, "Hello World!")));
        t.none("7.3.5", (w, r) -> w.add(close(1000, "*".repeat(123))));
        t.violation("7.3.6", CONTROL_FRAME_TOO_LONG, (w, r) -> w.add(close(1000, "*".repeat(124))));
        t.violation("7.5.1", WsRule.INVALID_UTF8_CLOSE_REASON, (w, r) -> w.closeBody(concat(hex("03 e8"), utf8("Hello-"), hex("ed a0 80"))));
        int[] valid = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
        for (int i = 0; i < valid.length; i++) {
            int code = valid[i];
            t.none("7.7." + (i + 1), (w, r) -> w.close(code));
        }
        t.violation("7.9.1", INVALID_CLOSE_CODE, (w, r) -> w.close(0));
        t.violation("7.9.2", INVALID_CLOSE_CODE, (w, r) -> w.close(999));
        t.violation("7.9.3", RESERVED_CLOSE_CODE, (w, r) -> w.close(1004));
        t.violation("7.9.4", RESERVED_CLOSE_CODE, (w, r) -> w.close(1005));
        t.violation("7.9.5", RESERVED_CLOSE_CODE, (w, r) -> w.close(1006));
        t.violation("7.9.6", INVALID_CLOSE_CODE, (w, r) -> w.close(1016));
        t.violation("7.9.7", INVALID_CLOSE_CODE, (w, r) -> w.close(1100));
        t.violation("7.9.8", INVALID_CLOSE_CODE, (w, r) -> w.close(2000));
        t.violation("7.9.9", INVALID_CLOSE_CODE, (w, r) -> w.close(2999));
        t.informational("7.13.1", UNDEFINED_CLOSE_CODE, (w, r) -> w.close(5000));
        t.informational("7.13.2", UNDEFINED_CLOSE_CODE, (w, r) -> w.close(65535));
    }

    private static void tenPings(WireScript w) {
        for (int i = 0; i < 10; i++) {
            w.ping(utf8("payload-" + i));
        }
    }

    /** 5.16 / 5.17: twice a continuation with nothing to continue, then a message in 2 fragments. */
    private static void twice(WireScript w, boolean fin) {
        for (int i = 0; i < 2; i++) {
            w.add(continuation(utf8("fragment1")).fin(fin)).add(text("fragment2").fin(false)).add(continuation(utf8("fragment3")));
        }
    }

    private static void pingsBetweenFragments(WireScript w) {
        w.add(text("fragment1").fin(false)).add(continuation(utf8("fragment2")).fin(false)).ping(utf8("pongme 1!"))
                .add(continuation(utf8("fragment3")).fin(false)).add(continuation(utf8("fragment4")).fin(false))
                .ping(utf8("pongme 2!")).add(continuation(utf8("fragment5")));
    }
}
