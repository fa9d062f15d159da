package dev.tapdeck.recorder.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.ws.FrameHeader;
import dev.tapdeck.protocol.ws.Masking;
import dev.tapdeck.protocol.ws.Opcode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites one WebSocket direction's byte stream (RFC 6455 5.2) so that the JSON values the user named in
 * text messages ({@link JsonPath}) are replaced, keeping a stream any decoder reads: a text message is
 * rewritten as its non-final frames with empty payloads (headers kept, masking keys kept) and its final frame
 * carrying the whole redacted message, masked with that frame's own key, its length re-encoded in the minimal
 * form (RFC 6455 5.2). Control frames between fragments pass unchanged. Only the final frame is held until it
 * is complete; everything else is written as it arrives, so recorded chunk offsets count in the redacted stream.
 * <p>
 * permessage-deflate messages (RSV1, RFC 7692 6) are not rewritten: redacting inside them would change the
 * sliding window later messages refer to. With JSON paths configured their payloads are dropped (frames kept
 * with length 0) and counted; later compressed messages then no longer inflate. Without JSON paths the stream
 * passes unchanged. Messages over {@link #MAX_MESSAGE_BYTES} are dropped the same way.
 */
public final class WsStreamRedactor {
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Frame positions kept for the events that follow their chunk. */
    private static final int MAX_FRAMES_REMEMBERED = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a frame landed in the redacted stream. */
    public record FramePlace(long originalOffset, long offset, long payloadLength) {
    }

    private final RedactionPolicy policy;
    private final Redactions redactions;
    private final boolean active;
    private final byte[] header = new byte[FrameHeader.MAX_LENGTH];
    private int headerHave;
    private FrameHeader frame;
    private long frameStart;
    private long payloadSeen;
    private long frameIndex = -1;
    private boolean holdingText;
    private boolean dropping;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private long in;
    private long out;
    private boolean broken;
    private final Map<Long, FramePlace> frames = bounded();
    private final Map<Long, String> previews = bounded();

    WsStreamRedactor(RedactionPolicy policy, Redactions redactions) {
        this.policy = policy;
        this.redactions = redactions;
        this.active = policy.enabled() && !policy.jsonPaths().isEmpty();
    }

    /** Whether this direction is rewritten at all (JSON paths configured). */
    public boolean active() {
        return active;
    }

    /** The redacted bytes of one chunk, in order; they start at {@link #offset()} as it was before the call. */
    public byte[] chunk(byte[] bytes) {
        if (!active || broken) {
            in += bytes.length;
            out += bytes.length;
            return bytes;
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length && !broken; ) {
            i = frame == null ? header(bytes, i, o) : payload(bytes, i, o);
        }
        return o.toByteArray();
    }

    /** The redacted stream's length so far. */
    public long offset() {
        return out;
    }

    /** Where frame {@code index} of this direction landed, null when unknown (not rewritten: same place). */
    public FramePlace frame(long index) {
        return active ? frames.get(index) : null;
    }

    /** The redacted text of the message that ended with frame {@code index}, null when it was not redacted. */
    public String redactedText(long index) {
        return previews.remove(index);
    }

    /** An original stream offset in the redacted stream (exact at frame starts, within the frame otherwise). */
    public long translate(long original) {
        if (!active) {
            return original;
        }
        return original >= in ? out + (original - in) : Math.max(0, original - (in - out));
    }

    private int header(byte[] b, int i, ByteArrayOutputStream o) {
        header[headerHave++] = b[i++];
        if (headerHave < 2 || headerHave < FrameHeader.lengthFromSecondByte(header[1] & 0xFF)) {
            in++;
            return i;
        }
        in++;
        frame = FrameHeader.parse(header);
        frameStart = in - headerHave;
        headerHave = 0;
        payloadSeen = 0;
        frameIndex++;
        if (frame.payloadLength() < 0) {
            broken = true; // a length no decoder reads (FR-9): pass the rest through as it comes
            o.write(header, 0, frame.headerLength());
            out += frame.headerLength();
            return i;
        }
        if (!frame.control()) {
            if (frame.opcode() != Opcode.CONTINUATION) {
                holdingText = frame.opcode() == Opcode.TEXT;
                dropping = holdingText && frame.rsv1();
                message.reset();
            }
        }
        boolean rewritten = !frame.control() && holdingText;
        if (!rewritten) {
            remember(frame.payloadLength());
            o.write(header, 0, frame.headerLength());
            out += frame.headerLength();
        } else if (dropping || !frame.fin()) {
            remember(0);
            writeHeader(o, frame, 0);
        }
        if (frame.payloadLength() == 0) {
            frameDone(o);
        }
        return i;
    }

    private int payload(byte[] b, int i, ByteArrayOutputStream o) {
        int n = (int) Math.min(b.length - i, frame.payloadLength() - payloadSeen);
        if (frame.control() || !holdingText) {
            o.write(b, i, n);
            out += n;
        } else if (!dropping) {
            if (message.size() + (long) n > MAX_MESSAGE_BYTES) {
                dropping = true;
                message.reset();
            } else {
                byte[] clear = new byte[n];
                if (frame.masked()) {
                    Masking.unmask(b, i, clear, 0, n, frame.maskKey(), payloadSeen);
                } else {
                    System.arraycopy(b, i, clear, 0, n);
                }
                message.write(clear, 0, n);
            }
        }
        payloadSeen += n;
        in += n;
        if (payloadSeen == frame.payloadLength()) {
            frameDone(o);
        }
        return i + n;
    }

    private void frameDone(ByteArrayOutputStream o) {
        if (!frame.control() && holdingText) {
            if (dropping) {
                redactions.count(RedactionKind.WS_PAYLOAD_DROPPED);
                if (frame.fin()) {
                    holdingText = false;
                }
            } else if (frame.fin()) {
                byte[] redacted = redact(message.toByteArray());
                remember(redacted.length);
                writeHeader(o, frame, redacted.length);
                if (frame.masked()) {
                    Masking.unmask(redacted, 0, redacted, 0, redacted.length, frame.maskKey(), 0); // masking is its own inverse
                }
                o.write(redacted, 0, redacted.length);
                out += redacted.length;
                holdingText = false;
                message.reset();
            }
        }
        frame = null;
    }

    /** The message with the named values replaced; unchanged when it is not JSON or nothing matched. */
    private byte[] redact(byte[] text) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(text)).toString();
        } catch (CharacterCodingException e) {
            return text;
        }
        JsonNode root;
        try {
            root = JSON.readTree(s);
        } catch (java.io.IOException e) {
            return text;
        }
        if (root == null || !root.isContainerNode()) {
            return text;
        }
        int n = 0;
        for (JsonPath p : policy.jsonPaths()) {
            n += p.replace(root, v -> redactions.replace(RedactionKind.JSON_PATH, v.isTextual() ? v.textValue() : v.toString()));
        }
        if (n == 0) {
            return text;
        }
        String redacted = root.toString();
        previews.put(frameIndex, redacted);
        return redacted.getBytes(StandardCharsets.UTF_8);
    }

    private void remember(long payloadLength) {
        frames.put(frameIndex, new FramePlace(frameStart, out, payloadLength));
    }

    /** A frame header like {@code h} with another payload length, in the minimal length form (RFC 6455 5.2). */
    private void writeHeader(ByteArrayOutputStream o, FrameHeader h, long length) {
        int b0 = (h.fin() ? 0x80 : 0) | (h.rsv1() ? 0x40 : 0) | (h.rsv2() ? 0x20 : 0) | (h.rsv3() ? 0x10 : 0) | h.opcode();
        int mask = h.masked() ? 0x80 : 0;
        int start = o.size();
        o.write(b0);
        if (length <= 125) {
            o.write(mask | (int) length);
        } else if (length <= 0xFFFF) {
            o.write(mask | 126);
            o.write((int) (length >>> 8));
            o.write((int) length);
        } else {
            o.write(mask | 127);
            for (int s = 56; s >= 0; s -= 8) {
                o.write((int) (length >>> s));
            }
        }
        if (h.masked()) {
            for (int s = 24; s >= 0; s -= 8) {
                o.write(h.maskKey() >>> s);
            }
        }
        out += o.size() - start;
    }

    private static <V> Map<Long, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > MAX_FRAMES_REMEMBERED;
            }
        };
    }
}
