package dev.tapdeck.recorder.redact;

import dev.tapdeck.recorder.TapEvent;

import java.nio.charset.StandardCharsets;

/**
 * The WebSocket events of a session whose streams {@link WsStreamRedactor} rewrites: chunks carry the redacted
 * bytes at their offset in the redacted stream, frames and rule occurrences point into it, message previews show
 * the redacted text, and the previews of compressed messages (whose payloads were dropped) are withheld.
 * Events of a direction that is not rewritten pass unchanged.
 */
final class WsEventRedaction {
    /** Characters of a redacted text message kept in its preview (as the proxy's own previews). */
    static final int TEXT_SHOWN = 1024;

    private WsEventRedaction() {
    }

    static TapEvent redact(TapEvent event, SessionRedactor r) {
        if (event instanceof TapEvent.WsChunkRelayed c && r.webSocket(c.direction()).active()) {
            WsStreamRedactor ws = r.webSocket(c.direction());
            long at = ws.offset();
            byte[] bytes = ws.chunk(c.bytes());
            return new TapEvent.WsChunkRelayed(c.sessionId(), c.seq(), c.offsetNanos(), c.direction(), at, bytes,
                    ws.translate(c.forwardedTo()));
        }
        if (event instanceof TapEvent.WsFrameDecoded f) {
            WsStreamRedactor.FramePlace p = r.webSocket(f.direction()).frame(f.frameIndex());
            return p == null ? f : new TapEvent.WsFrameDecoded(f.sessionId(), f.seq(), f.offsetNanos(), f.direction(),
                    f.frameIndex(), p.offset(), f.fin(), f.rsv(), f.opcode(), f.masked(), p.payloadLength(), f.bufferType());
        }
        if (event instanceof TapEvent.WsMessageAssembled m && r.webSocket(m.direction()).active()) {
            if (m.compressed() && m.text() != null) {
                return new TapEvent.WsMessageAssembled(m.sessionId(), m.seq(), m.offsetNanos(), m.direction(), m.frameIndex(),
                        m.type(), true, m.size(), "", null, true);
            }
            String text = r.webSocket(m.direction()).redactedText(m.frameIndex());
            if (text != null) {
                int end = text.length() <= TEXT_SHOWN ? text.length() : text.offsetByCodePoints(0, text.codePointCount(0, TEXT_SHOWN));
                return new TapEvent.WsMessageAssembled(m.sessionId(), m.seq(), m.offsetNanos(), m.direction(), m.frameIndex(),
                        m.type(), false, text.getBytes(StandardCharsets.UTF_8).length, text.substring(0, end), null,
                        end < text.length());
            }
            return m;
        }
        if (event instanceof TapEvent.WsViolationFound v) {
            WsStreamRedactor ws = r.webSocket(v.direction());
            WsStreamRedactor.FramePlace p = ws.frame(v.frameIndex());
            return p == null ? v : new TapEvent.WsViolationFound(v.sessionId(), v.seq(), v.offsetNanos(), v.direction(),
                    v.frameIndex(), p.offset(), p.offset() + Math.max(0, v.byteOffset() - p.originalOffset()), v.violation(),
                    v.blocking());
        }
        if (event instanceof TapEvent.WsDecodingStopped s && r.webSocket(s.direction()).active()) {
            return new TapEvent.WsDecodingStopped(s.sessionId(), s.seq(), s.offsetNanos(), s.direction(), s.frameIndex(),
                    r.webSocket(s.direction()).translate(s.byteOffset()), s.reason());
        }
        if (event instanceof TapEvent.WsDirectionEnded e && r.webSocket(e.direction()).active()) {
            WsStreamRedactor ws = r.webSocket(e.direction());
            return new TapEvent.WsDirectionEnded(e.sessionId(), e.seq(), e.offsetNanos(), e.direction(), ws.translate(e.bytes()),
                    e.midFrame(), e.messageOpen(), ws.translate(e.forwarded()));
        }
        return event;
    }
}
