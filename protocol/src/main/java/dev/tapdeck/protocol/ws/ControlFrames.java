package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.ws.WsEvent.CloseReceived;
import dev.tapdeck.protocol.ws.WsEvent.FrameDecoded;
import dev.tapdeck.protocol.ws.WsEvent.PingReceived;
import dev.tapdeck.protocol.ws.WsEvent.PongReceived;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A complete control frame (RFC 6455 5.5, at most 125 bytes, so kept whole): its events, pong matching
 * (PP-2) and the Close body rules (CL-1 to CL-4, UT-4).
 */
final class ControlFrames {
    private ControlFrames() {
    }

    /** Adds the frame's events to {@code out} and returns what its body breaks. */
    static List<RuleFinding> complete(FrameHeader h, byte[] body, long frameIndex, long frameOffset, Direction direction,
                                      PingLedger pings, List<WsEvent> out) {
        if (h.opcode() == Opcode.PING) {
            pings.pingSent(direction, body);
            out.add(new FrameDecoded(frameIndex, frameOffset, h, BufferType.PING_PONG));
            out.add(new PingReceived(frameIndex, Payload.wrap(body)));
            return List.of();
        }
        if (h.opcode() == Opcode.PONG) {
            PingLedger.PongMatch match = pings.pongSent(direction, body);
            boolean solicited = match == PingLedger.PongMatch.ANSWERS_PING;
            out.add(new FrameDecoded(frameIndex, frameOffset, h, solicited ? BufferType.PING_PONG : BufferType.UNSOLICITED_PONG));
            out.add(new PongReceived(frameIndex, Payload.wrap(body), solicited));
            if (match == PingLedger.PongMatch.MISMATCH) {
                // RFC 6455 5.5.3: a pong answering a ping echoes its application data (PP-2)
                return List.of(new RuleFinding(WsRule.PONG_MISMATCH, "pong of " + body.length + " bytes echoes none of the "
                        + pings.outstanding(direction.opposite()) + " outstanding pings"));
            }
            return List.of();
        }
        int len = body.length;
        OptionalInt code = len >= 2 ? OptionalInt.of(((body[0] & 0xFF) << 8) | (body[1] & 0xFF)) : OptionalInt.empty();
        String reason = len > 2 ? new String(body, 2, len - 2, StandardCharsets.UTF_8) : "";
        out.add(new FrameDecoded(frameIndex, frameOffset, h, BufferType.CLOSE));
        out.add(new CloseReceived(frameIndex, code, reason));
        return checkClose(body, len);
    }

    /** RFC 6455 5.5.1 and 7.4: the body of a Close frame. */
    private static List<RuleFinding> checkClose(byte[] body, int len) {
        List<RuleFinding> found = new ArrayList<>(1);
        if (len == 1) {
            // RFC 6455 5.5.1: if there is a body, its first two bytes are the status code
            found.add(new RuleFinding(WsRule.CLOSE_PAYLOAD_ONE_BYTE, "Close body of 1 byte"));
            return found;
        }
        if (len >= 2) {
            int code = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            WsRule rule = closeCodeRule(code);
            if (rule != null) {
                found.add(new RuleFinding(rule, "close code " + code));
            }
            // RFC 6455 5.5.1: the reason after the code is UTF-8
            if (!Utf8Validator.isValid(body, 2, len - 2)) {
                found.add(new RuleFinding(WsRule.INVALID_UTF8_CLOSE_REASON, "close reason of " + (len - 2) + " bytes"));
            }
        }
        return found;
    }

    /** The rule a close code breaks, or null for a legal code (notes CL-2 to CL-4). */
    private static WsRule closeCodeRule(int code) {
        if (code == 1004 || code == 1005 || code == 1006 || code == 1015) {
            // RFC 6455 7.4.1: 1005, 1006 and 1015 "MUST NOT be set as a status code in a Close control frame"
            return WsRule.RESERVED_CLOSE_CODE;
        }
        if (code < 1000 || (code > 1014 && code < 3000)) {
            // RFC 6455 7.4.2: below 1000 is unused; 1016-2999 are unassigned (1012-1014 are IANA-registered)
            return WsRule.INVALID_CLOSE_CODE;
        }
        return code >= 5000 ? WsRule.UNDEFINED_CLOSE_CODE : null;
    }
}
