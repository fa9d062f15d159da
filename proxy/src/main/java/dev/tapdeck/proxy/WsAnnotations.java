package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.FrameHeader;
import dev.tapdeck.protocol.ws.MessageType;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns what a frame decoder found into the tap's events, kept short (design principle 4: the raw chunks
 * are primary, these are summaries a newer decoder can recompute). Messages keep a bounded preview. Used
 * by the relay on live bytes and by {@code tapdeck recompute}/{@code inspect} on recorded chunks.
 */
public final class WsAnnotations {
    /** Characters of a text message kept in its event. */
    static final int TEXT_SHOWN = 1024;
    /** Bytes of a binary message kept (as hex) in its event. */
    static final int HEX_SHOWN = 32;

    private final SessionEvents session;
    private final Policy policy;

    /** @param policy says which violations are enforced ({@code blocking} in their events) */
    public WsAnnotations(SessionEvents session, Policy policy) {
        this.session = session;
        this.policy = policy;
    }

    /** Emits the event of one decoder finding (frames, messages, closes, violations, a stop); others are covered. */
    public void emit(Direction dir, WsEvent e) {
        String id = session.sessionId();
        long t = session.offset();
        if (e instanceof WsEvent.FrameDecoded f) {
            FrameHeader h = f.header();
            int rsv = (h.rsv1() ? 4 : 0) | (h.rsv2() ? 2 : 0) | (h.rsv3() ? 1 : 0);
            session.emit(seq -> new TapEvent.WsFrameDecoded(id, seq, t, dir, f.frameIndex(), f.frameOffset(), h.fin(),
                    rsv, h.opcode(), h.masked(), h.payloadLength(), f.bufferType()));
        } else if (e instanceof WsEvent.MessageAssembled m) {
            emitMessage(dir, m, id, t);
        } else if (e instanceof WsEvent.CloseReceived c) {
            Integer code = c.code().isPresent() ? c.code().getAsInt() : null;
            session.emit(seq -> new TapEvent.WsCloseReceived(id, seq, t, dir, c.frameIndex(), code, c.reason()));
        } else if (e instanceof WsEvent.ViolationFound v) {
            session.emit(seq -> new TapEvent.WsViolationFound(id, seq, t, dir, v.frameIndex(), v.frameOffset(),
                    v.byteOffset(), v.violation(), policy.blocks(v.violation())));
        } else if (e instanceof WsEvent.DecodingStopped s) {
            session.emit(seq -> new TapEvent.WsDecodingStopped(id, seq, t, dir, s.frameIndex(), s.byteOffset(), s.reason()));
        }
        // FrameHeaderParsed, pings and pongs are covered by WsFrameDecoded; an inflation limit is followed by
        // DecodingStopped; a message over maxMessageBytes arrives as a truncated MessageAssembled
    }

    /**
     * A direction's byte stream ended: ends its decoder and emits what the stream was cut in.
     *
     * @param bytes     bytes the direction carried
     * @param forwarded bytes relayed (less when an enforcing proxy held some back)
     */
    public void ended(Direction dir, FrameDecoder decoder, long bytes, long forwarded) {
        boolean midFrame = false;
        boolean messageOpen = false;
        for (WsEvent e : decoder.end()) {
            if (e instanceof WsEvent.StreamEnded s) {
                midFrame = s.midFrame();
                messageOpen = s.messageOpen();
            }
        }
        decoder.close();
        boolean cut = midFrame;
        boolean open = messageOpen;
        session.emit(seq -> new TapEvent.WsDirectionEnded(session.sessionId(), seq, session.offset(), dir, bytes,
                cut, open, forwarded));
    }

    private void emitMessage(Direction dir, WsEvent.MessageAssembled m, String id, long t) {
        byte[] data = m.data().bytes();
        String text = null;
        String hex = null;
        boolean truncated = !m.complete();
        if (m.type() == MessageType.TEXT) {
            String all = new String(data, StandardCharsets.UTF_8);
            // cut on a code point boundary so the preview stays valid text
            int end = all.length() <= TEXT_SHOWN ? all.length() : all.offsetByCodePoints(0, all.codePointCount(0, TEXT_SHOWN));
            text = all.substring(0, end);
            truncated |= end < all.length();
        } else {
            hex = HexFormat.of().formatHex(data, 0, Math.min(data.length, HEX_SHOWN));
            truncated |= data.length > HEX_SHOWN;
        }
        String shownText = text;
        String shownHex = hex;
        boolean cut = truncated;
        session.emit(seq -> new TapEvent.WsMessageAssembled(id, seq, t, dir, m.frameIndex(), m.type(), m.compressed(),
                m.size(), shownText, shownHex, cut));
    }
}
