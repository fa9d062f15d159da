package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The recording lines of WebSocket events (FORMAT.md, "WebSocket lines"). Raw chunks carry the bytes in
 * base64; the decoded lines are short summaries that a newer decoder can recompute from the chunks.
 */
final class WsLines {
    private WsLines() {
    }

    /**
     * The line of a raw chunk, written directly: byte for byte what {@link #fill} and Jackson write, without the
     * tree, the base64 string and Jackson's escaping check of every base64 character (the recorder's writer spent
     * most of its time there under WebSocket load). The base64 alphabet and the fields' values need no escaping.
     */
    static byte[] chunkLine(TapEvent.WsChunkRelayed c) {
        byte[] data = c.bytes();
        boolean held = c.forwardedTo() != c.streamOffset() + data.length;
        byte[] head = ("{\"seq\":" + c.seq() + ",\"t\":" + c.offsetNanos() + ",\"type\":\"ws-chunk\",\"dir\":\""
                + c.direction().code() + "\",\"off\":" + c.streamOffset() + ",\"data\":\"")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = (held ? "\",\"fwd\":" + c.forwardedTo() + "}\n" : "\"}\n").getBytes(StandardCharsets.US_ASCII);
        int encoded = 4 * ((data.length + 2) / 3);
        byte[] line = new byte[head.length + encoded + tail.length];
        // encode at the start, then move it after the head: one array, no intermediate copy of the payload
        Base64.getEncoder().encode(data, line);
        System.arraycopy(line, 0, line, head.length, encoded);
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(tail, 0, line, head.length + encoded, tail.length);
        return line;
    }

    /** Fills {@code n} for a WebSocket event; false when the event is not one. */
    static boolean fill(TapEvent event, ObjectNode n) {
        if (event instanceof TapEvent.WsHandshakeRelayed h) {
            n.put("type", "ws-handshake").put("exchange", h.exchange());
            n.set("request", RecordingFormat.head(h.request()));
            n.set("response", RecordingFormat.head(h.response()));
            if (h.responseBody().length > 0) {
                n.put("body", Base64.getEncoder().encodeToString(h.responseBody()));
            }
            n.put("upgraded", h.upgraded());
            if (h.subprotocol() != null) {
                n.put("subprotocol", h.subprotocol());
            }
            ArrayNode ext = n.putArray("extensions");
            h.extensions().forEach(ext::add);
            n.set("violations", RecordingFormat.violations(h.violations()));
            n.put("verdict", h.verdict().name());
        } else if (event instanceof TapEvent.WsChunkRelayed c) {
            n.put("type", "ws-chunk").put("dir", c.direction().code()).put("off", c.streamOffset())
                    .put("data", Base64.getEncoder().encodeToString(c.bytes()));
            // only written when the proxy held bytes back: the common case stays short
            if (c.forwardedTo() != c.streamOffset() + c.bytes().length) {
                n.put("fwd", c.forwardedTo());
            }
        } else if (event instanceof TapEvent.WsFrameDecoded f) {
            n.put("type", "ws-frame").put("dir", f.direction().code()).put("i", f.frameIndex()).put("off", f.frameOffset())
                    .put("fin", f.fin()).put("rsv", f.rsv()).put("op", f.opcode()).put("mask", f.masked())
                    .put("len", f.payloadLength()).put("buf", f.bufferType().name());
        } else if (event instanceof TapEvent.WsMessageAssembled m) {
            n.put("type", "ws-message").put("dir", m.direction().code()).put("i", m.frameIndex())
                    .put("kind", m.type().name()).put("compressed", m.compressed()).put("size", m.size());
            if (m.text() != null) {
                n.put("text", m.text());
            }
            if (m.hexPreview() != null) {
                n.put("hex", m.hexPreview());
            }
            n.put("truncated", m.truncated());
        } else if (event instanceof TapEvent.WsCloseReceived c) {
            n.put("type", "ws-close").put("dir", c.direction().code()).put("i", c.frameIndex());
            if (c.code() != null) {
                n.put("code", c.code());
            }
            n.put("reason", c.reason());
        } else if (event instanceof TapEvent.WsViolationFound v) {
            n.put("type", "ws-violation").put("dir", v.direction().code()).put("i", v.frameIndex())
                    .put("frameOff", v.frameOffset()).put("at", v.byteOffset()).put("blocking", v.blocking());
            n.set("violation", RecordingFormat.violations(java.util.List.of(v.violation())).get(0));
        } else if (event instanceof TapEvent.WsDecodingStopped s) {
            n.put("type", "ws-stopped").put("dir", s.direction().code()).put("i", s.frameIndex())
                    .put("at", s.byteOffset()).put("reason", s.reason());
        } else if (event instanceof TapEvent.WsDirectionEnded e) {
            n.put("type", "ws-end").put("dir", e.direction().code()).put("bytes", e.bytes())
                    .put("forwarded", e.forwarded()).put("midFrame", e.midFrame()).put("messageOpen", e.messageOpen());
        } else if (event instanceof TapEvent.WsPolicyEnforced p) {
            n.put("type", "ws-enforced").put("offender", p.offender().code()).put("closeCode", p.closeCode());
            n.set("violation", RecordingFormat.violations(java.util.List.of(p.violation())).get(0));
            n.put("towardServer", p.towardServer().name()).put("towardClient", p.towardClient().name());
            if (p.closeToServer() != null) {
                n.put("closeToServer", Base64.getEncoder().encodeToString(p.closeToServer()));
            }
            if (p.closeToClient() != null) {
                n.put("closeToClient", Base64.getEncoder().encodeToString(p.closeToClient()));
            }
        } else {
            return false;
        }
        return true;
    }
}
