package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tapdeck.protocol.ws.FrameSplitter;
import dev.tapdeck.protocol.ws.Opcode;

import java.io.IOException;
import java.util.Base64;

/**
 * The {@code _webSocketMessages} of a HAR WebSocket entry, as Chrome DevTools writes them: one element
 * per frame, cut from the recorded chunks of each direction (a frame's payload is held only while it is
 * written, up to the limit). Text frames as text; binary and control frames as base64; a text or
 * continuation frame that is not UTF-8 by itself, or is compressed, as base64 with
 * {@code "_encoding":"base64"}, since Chrome's convention reads opcode 1 as text.
 */
final class HarWebSocketMessages {
    private final JsonGenerator g;
    private final int maxFramePayload;
    private final FrameSplitter[] splitters = new FrameSplitter[2];
    private final boolean[] inText = new boolean[2];

    HarWebSocketMessages(JsonGenerator g, int maxFramePayload) {
        this.g = g;
        this.maxFramePayload = maxFramePayload;
        splitters[0] = new FrameSplitter(maxFramePayload);
        splitters[1] = new FrameSplitter(maxFramePayload);
    }

    /** One recorded chunk; writes the frames it completed with its time (epoch seconds). */
    void chunk(boolean fromClient, double time, byte[] data) throws IOException {
        int d = fromClient ? 0 : 1;
        for (FrameSplitter.Frame f : splitters[d].feed(data, 0, data.length)) {
            message(d, time, f);
        }
    }

    private void message(int d, double time, FrameSplitter.Frame f) throws IOException {
        if (f.payload() == null) {
            throw new IOException("frame " + f.index() + " (" + (d == 0 ? "c2s" : "s2c") + ") has a payload of "
                    + f.header().payloadLength() + " bytes, over the HAR export limit MAX_FRAME_PAYLOAD="
                    + maxFramePayload);
        }
        int op = f.header().opcode();
        if (op == Opcode.TEXT || op == Opcode.BINARY) {
            inText[d] = op == Opcode.TEXT;
        }
        int rsv = (f.header().rsv1() ? 4 : 0) | (f.header().rsv2() ? 2 : 0) | (f.header().rsv3() ? 1 : 0);
        boolean textual = (op == Opcode.TEXT || op == Opcode.CONTINUATION && inText[d]) && rsv == 0;
        String text = textual ? RecordedLines.utf8(f.payload()) : null;
        g.writeStartObject();
        g.writeStringField("type", d == 0 ? "send" : "receive");
        g.writeNumberField("time", time);
        g.writeNumberField("opcode", op);
        if (text != null) {
            g.writeStringField("data", text);
        } else {
            g.writeStringField("data", Base64.getEncoder().encodeToString(f.payload()));
            if (op == Opcode.TEXT || op == Opcode.CONTINUATION) {
                g.writeStringField("_encoding", "base64");
            }
        }
        if (rsv != 0) {
            g.writeNumberField("_rsv", rsv);
        }
        g.writeEndObject();
    }
}
