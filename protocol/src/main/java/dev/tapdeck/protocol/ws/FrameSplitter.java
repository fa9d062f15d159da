package dev.tapdeck.protocol.ws;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one direction's byte stream into whole frames (RFC 6455 5.2) with their payload unmasked (5.3),
 * for tools that rewrite a recorded stream frame by frame (HAR export). Unlike {@link FrameDecoder} it
 * checks no rule and keeps each payload, so a payload is kept only up to {@code maxPayloadBytes}: a
 * longer one is reported as a frame with {@code payload == null} and its bytes are skipped. Fed chunks
 * as the wire cut them; the result does not depend on the chunking.
 */
public final class FrameSplitter {

    /**
     * A whole frame.
     *
     * @param index       frame index in the direction, from 0
     * @param frameOffset stream offset of the frame's first byte
     * @param payload     the unmasked payload, null when it was longer than the splitter's limit
     */
    public record Frame(long index, long frameOffset, FrameHeader header, byte[] payload) {
    }

    private final int maxPayloadBytes;
    private final byte[] header = new byte[FrameHeader.MAX_LENGTH];
    private int headerFill;
    private int headerNeed = 2;
    private FrameHeader frame;
    private byte[] payload;
    private long payloadPos;
    private long offset;
    private long frameOffset;
    private long index;

    public FrameSplitter(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Feeds the next bytes of the stream; returns the frames they completed, in order. */
    public List<Frame> feed(byte[] bytes, int off, int len) {
        List<Frame> out = new ArrayList<>(2);
        int end = off + len;
        int i = off;
        while (i < end) {
            if (frame == null) {
                if (headerFill == 0) {
                    frameOffset = offset;
                }
                header[headerFill++] = bytes[i++];
                offset++;
                if (headerFill == 2) {
                    headerNeed = FrameHeader.lengthFromSecondByte(header[1] & 0xFF);
                }
                if (headerFill == headerNeed) {
                    startFrame(out);
                }
                continue;
            }
            int n = (int) Math.min(end - i, frame.payloadLength() - payloadPos);
            if (payload != null) {
                Masking.unmask(bytes, i, payload, (int) payloadPos, n, frame.masked() ? frame.maskKey() : 0, payloadPos);
            }
            i += n;
            offset += n;
            payloadPos += n;
            if (payloadPos == frame.payloadLength()) {
                finishFrame(out);
            }
        }
        return out;
    }

    /** Whether the stream so far ends inside a frame (RFC 6455 7.1.5: a cut connection). */
    public boolean midFrame() {
        return frame != null || headerFill > 0;
    }

    private void startFrame(List<Frame> out) {
        frame = FrameHeader.parse(header);
        headerFill = 0;
        headerNeed = 2;
        payloadPos = 0;
        // a negative 64-bit length (FR-9) or one over the limit: skip the bytes, keep no payload
        long length = frame.payloadLength();
        payload = length >= 0 && length <= maxPayloadBytes ? new byte[(int) length] : null;
        if (length < 0) {
            frame = new FrameHeader(frame.fin(), frame.rsv1(), frame.rsv2(), frame.rsv3(), frame.opcode(),
                    frame.masked(), frame.maskKey(), Long.MAX_VALUE, frame.headerLength());
        }
        if (frame.payloadLength() == 0) {
            finishFrame(out);
        }
    }

    private void finishFrame(List<Frame> out) {
        out.add(new Frame(index++, frameOffset, frame, payload));
        frame = null;
        payload = null;
    }
}
