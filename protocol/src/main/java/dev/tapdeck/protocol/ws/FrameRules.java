package dev.tapdeck.protocol.ws;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks that need only a frame header and the direction's message state (notes §1.2, §1.3, §1.5),
 * so an enforcing relay can decide before any payload byte goes out.
 */
final class FrameRules {
    private FrameRules() {
    }

    /** What the header rules need to know about the direction. */
    record State(Direction direction, boolean deflate, boolean opaqueExtension, boolean messageOpen,
                 boolean closeSent) {
    }

    static List<RuleFinding> checkHeader(FrameHeader h, State s) {
        List<RuleFinding> found = new ArrayList<>(2);
        int ext = h.extendedLengthBytes();
        long len = h.payloadLength();
        if (len < 0) {
            // RFC 6455 5.2: "the most significant bit MUST be 0" in the 64-bit length
            found.add(new RuleFinding(WsRule.LENGTH_MSB_SET,
                    String.format("64-bit length 0x%016X has its most significant bit set", len)));
        } else if ((ext == 2 && len < 126) || (ext == 8 && len < 65536)) {
            // RFC 6455 5.2: "the minimal number of bytes MUST be used to encode the length"
            found.add(new RuleFinding(WsRule.NON_MINIMAL_LENGTH,
                    "length " + len + " encoded in " + ext + " extended bytes"));
        }
        // RFC 6455 5.1: a client masks all frames, a server masks none
        if (h.masked() != s.direction().mustMask()) {
            found.add(s.direction().mustMask()
                    ? new RuleFinding(WsRule.UNMASKED_CLIENT_FRAME, Opcode.name(h.opcode()) + " frame without MASK bit")
                    : new RuleFinding(WsRule.MASKED_SERVER_FRAME, Opcode.name(h.opcode()) + " frame with MASK bit"));
        }
        int op = h.opcode();
        if (Opcode.isReserved(op)) {
            // RFC 6455 5.2: reserved opcodes are for further frames that no extension here defines
            found.add(new RuleFinding(h.control() ? WsRule.RESERVED_CONTROL_OPCODE : WsRule.RESERVED_DATA_OPCODE,
                    String.format("opcode 0x%X", op)));
        }
        checkReservedBits(h, s, found);
        if (h.control()) {
            if (len > 125 || len < 0) {
                // RFC 6455 5.5: "All control frames MUST have a payload length of 125 bytes or less"
                found.add(new RuleFinding(WsRule.CONTROL_FRAME_TOO_LONG, Opcode.name(op) + " of " + len + " bytes"));
            }
            if (!h.fin()) {
                // RFC 6455 5.5: "Control frames ... MUST NOT be fragmented"
                found.add(new RuleFinding(WsRule.FRAGMENTED_CONTROL_FRAME, Opcode.name(op) + " with FIN clear"));
            }
            if (s.closeSent() && !Opcode.isReserved(op)) {
                // RFC 6455 5.5.1 forbids only data frames after Close (notes CL-6)
                found.add(new RuleFinding(WsRule.CONTROL_AFTER_CLOSE, Opcode.name(op) + " after this side's Close"));
            }
        } else if (!Opcode.isReserved(op)) {
            if (op == Opcode.CONTINUATION && !s.messageOpen()) {
                // RFC 6455 5.4: a continuation continues a data frame whose FIN was clear
                found.add(new RuleFinding(WsRule.CONTINUATION_WITHOUT_MESSAGE, "no fragmented message is open"));
            } else if (op != Opcode.CONTINUATION && s.messageOpen()) {
                // RFC 6455 5.4: fragments of different messages MUST NOT be interleaved
                found.add(new RuleFinding(WsRule.INTERLEAVED_DATA_FRAME,
                        Opcode.name(op) + " frame while a fragmented message is open"));
            }
            if (s.closeSent()) {
                // RFC 6455 5.5.1: "MUST NOT send any more data frames after sending a Close frame"
                found.add(new RuleFinding(WsRule.DATA_AFTER_CLOSE, Opcode.name(op) + " frame after this side's Close"));
            }
        }
        return found;
    }

    private static void checkReservedBits(FrameHeader h, State s, List<RuleFinding> found) {
        if (s.opaqueExtension()) {
            return;  // an unknown extension may define any RSV bit (RFC 6455 5.8)
        }
        boolean rsv1Allowed = s.deflate() && !h.control() && h.opcode() != Opcode.CONTINUATION;
        if (s.deflate() && h.rsv1() && !rsv1Allowed) {
            // RFC 7692 6: RSV1 is "Per-Message Compressed" and belongs to the first frame of a data message
            found.add(new RuleFinding(WsRule.COMPRESSED_BIT_MISPLACED, "RSV1 on a " + Opcode.name(h.opcode()) + " frame"));
        }
        boolean badRsv1 = h.rsv1() && !s.deflate();
        if (badRsv1 || h.rsv2() || h.rsv3()) {
            // RFC 6455 5.2: a nonzero RSV bit no negotiated extension defines MUST fail the connection
            int bits = (h.rsv1() && !s.deflate() ? 4 : 0) | (h.rsv2() ? 2 : 0) | (h.rsv3() ? 1 : 0);
            found.add(new RuleFinding(WsRule.RESERVED_BITS_SET, "RSV bits " + Integer.toBinaryString(bits | 8).substring(1)
                    + (s.deflate() ? " (permessage-deflate defines RSV1 only)" : " (no extension negotiated)")));
        }
    }
}
