package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ws.Opcode;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;

/**
 * Console lines of WebSocket events: the handshake, each message (text shown, binary as size and hex
 * preview), pings, pongs, closes, rule occurrences and enforcement. Raw chunks and data frames are not
 * printed: they are in the recording.
 */
final class WsConsoleLines {
    private WsConsoleLines() {
    }

    /** The line for {@code event}, null when the console shows nothing for it. */
    static String format(String prefix, TapEvent event) {
        String pad = "\n" + " ".repeat(prefix.length()) + "   ";
        if (event instanceof TapEvent.WsHandshakeRelayed h) {
            StringBuilder sb = new StringBuilder(prefix).append('#').append(h.exchange()).append(' ')
                    .append(h.request().method()).append(' ').append(h.request().uri()).append(" -> ")
                    .append(h.verdict() == TapEvent.Verdict.FORWARDED ? "" : "[" + h.verdict() + "] ")
                    .append("HTTP ").append(h.response().status());
            if (h.upgraded()) {
                sb.append(" websocket");
                if (h.subprotocol() != null) {
                    sb.append(", subprotocol ").append(h.subprotocol());
                }
                if (!h.extensions().isEmpty()) {
                    sb.append(", extensions ").append(String.join(", ", h.extensions()));
                }
            } else if (h.responseBody().length > 0) {
                sb.append(", ").append(h.responseBody().length).append(" B body");
            }
            h.violations().forEach(v -> sb.append(pad).append(ConsoleSink.marker(v)).append(' ').append(v));
            return sb.toString();
        }
        if (event instanceof TapEvent.WsMessageAssembled m) {
            StringBuilder sb = new StringBuilder(prefix).append(arrow(m.direction()))
                    .append(m.type().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(m.size()).append(" B")
                    .append(m.compressed() ? " (deflated)" : "");
            if (m.text() != null) {
                sb.append(' ').append(quote(m.text()));
            } else {
                sb.append(" [").append(m.hexPreview()).append(']');
            }
            return sb.append(m.truncated() ? " ..." : "").toString();
        }
        if (event instanceof TapEvent.WsFrameDecoded f && (f.opcode() == Opcode.PING || f.opcode() == Opcode.PONG)) {
            return prefix + arrow(f.direction()) + Opcode.name(f.opcode()) + " " + f.payloadLength() + " B"
                    + (f.opcode() == Opcode.PONG ? " (" + f.bufferType() + ")" : "");
        }
        if (event instanceof TapEvent.WsCloseReceived c) {
            return prefix + arrow(c.direction()) + "close " + (c.code() == null ? "(no code)" : c.code())
                    + (c.reason().isEmpty() ? "" : " " + quote(c.reason()));
        }
        if (event instanceof TapEvent.WsViolationFound v) {
            return prefix + arrow(v.direction()) + ConsoleSink.marker(v.violation()) + ' ' + v.violation()
                    + (v.blocking() ? " [enforced]" : "");
        }
        if (event instanceof TapEvent.WsDecodingStopped s) {
            return prefix + arrow(s.direction()) + "tap stopped decoding: " + s.reason();
        }
        if (event instanceof TapEvent.WsPolicyEnforced p) {
            return prefix + "[ENFORCED] " + p.violation().rule().id() + " from the "
                    + (p.offender() == Direction.CLIENT_TO_SERVER ? "client" : "server") + ": server "
                    + describe(p.towardServer(), p.closeCode()) + ", client " + describe(p.towardClient(), p.closeCode());
        }
        if (event instanceof TapEvent.WsDirectionEnded e) {
            return prefix + arrow(e.direction()) + "ended after " + e.bytes() + " B"
                    + (e.forwarded() != e.bytes() ? " (" + e.forwarded() + " B relayed)" : "")
                    + (e.midFrame() ? ", inside a frame" : "");
        }
        return null;
    }

    private static String describe(TapEvent.WsOutcome outcome, int code) {
        return outcome == TapEvent.WsOutcome.CLOSE_SENT ? "got Close " + code : "connection dropped";
    }

    private static String arrow(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? "ws -> " : "ws <- ";
    }

    private static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20 || cp == 0x7F) {
                sb.append(String.format("\\u%04x", cp)); // control characters never reach the terminal raw
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }
}
