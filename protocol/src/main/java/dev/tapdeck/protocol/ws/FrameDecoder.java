package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.ws.WsEvent.DecodingStopped;
import dev.tapdeck.protocol.ws.WsEvent.FrameDecoded;
import dev.tapdeck.protocol.ws.WsEvent.FrameHeaderParsed;
import dev.tapdeck.protocol.ws.WsEvent.LimitExceeded;
import dev.tapdeck.protocol.ws.WsEvent.MessageAssembled;
import dev.tapdeck.protocol.ws.WsEvent.StreamEnded;
import dev.tapdeck.protocol.ws.WsEvent.ViolationFound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Passive, incremental decoder of one direction of a WebSocket connection (RFC 6455 5, RFC 7692 6-7),
 * fed with the bytes as they cross the wire. Results do not depend on how the bytes are chunked: every
 * decision is tied to a stream offset, and compressed payload is inflated in blocks that end at fixed
 * payload positions (8 KiB or the frame's end), never at chunk ends.
 * <p>
 * Data payloads are not buffered, except for assembling a message up to {@link WsLimits#maxMessageBytes()}.
 * After a violation that fails the connection the decoder stops (RFC 6455 7.1.7) and reports it. Not
 * thread-safe: one instance per direction, fed from one thread at a time.
 */
public final class FrameDecoder implements AutoCloseable {
    private static final int BLOCK = 8 * 1024;

    private final Direction direction;
    private final WsLimits limits;
    private final PingLedger pings;
    private final boolean verifiable;
    private final boolean deflateAgreed;
    private final MessageInflater inflater;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final byte[] header = new byte[FrameHeader.MAX_LENGTH];
    private final byte[] control = new byte[125];
    /** Allocated on first use (a text message past the limit, a compressed frame): idle connections stay small. */
    private byte[] scratch;
    private byte[] staged;
    private final MessageInflater.Sink inflatedSink = this::inflated;

    private List<WsEvent> out;
    private long offset;
    private long fed;
    private boolean stopped;
    private long stopGate;
    private boolean unverifiableNoted;
    private boolean closeSent;

    private int headerFill;
    private int headerNeed = 2;
    private FrameHeader frame;
    private long frameIndex = -1;
    private long frameOffset;
    private long payloadPos;

    private boolean messageOpen;
    private MessageType messageType;
    private boolean compressed;
    private boolean checkText;
    private long messageSize;
    private boolean limitReported;
    private final MessageBuffer assembly;
    private int stagedLen;
    private long blockEndOffset;

    public FrameDecoder(Direction direction, ExtensionsInUse extensions, WsLimits limits, PingLedger pings) {
        this.direction = Objects.requireNonNull(direction, "direction");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.pings = Objects.requireNonNull(pings, "pings");
        this.verifiable = extensions.verifiable();
        this.deflateAgreed = extensions.deflate().isPresent();
        this.inflater = extensions.deflate()
                .map(d -> new MessageInflater(d.contextTakeover(direction), limits.maxInflatedMessageBytes()))
                .orElse(null);
        this.assembly = new MessageBuffer(limits.maxMessageBytes());
    }

    /** A decoder with its own ping ledger: pongs are then never matched against the other direction. */
    public FrameDecoder(Direction direction, ExtensionsInUse extensions, WsLimits limits) {
        this(direction, extensions, limits, new PingLedger(limits.maxOutstandingPings()));
    }

    /** Decodes the next {@code len} bytes of the direction and returns what they completed. */
    public List<WsEvent> feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        fed += len;
        out = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p < end && !stopped) {
            p = frame == null ? readHeader(buf, p, end) : readPayload(buf, p, end);
        }
        List<WsEvent> events = out;
        out = null;
        return events;
    }

    /** The direction's stream ended (TCP FIN or reset); reports a frame cut short (notes FR-10). */
    public List<WsEvent> end() {
        boolean midFrame = !stopped && (frame != null || headerFill > 0);
        return List.of(new StreamEnded(frameIndex, offset, midFrame, !stopped && messageOpen));
    }

    /**
     * For an enforcing relay: bytes before this stream offset may be forwarded. An incomplete header
     * starts here, and so does a frame whose header failed the connection; after a payload failure
     * (UTF-8, inflating) the byte that made it certain is here. Rules that do not stop the decoder
     * (CL-5, notices) are gated with {@code ViolationFound.frameOffset} instead.
     */
    public long gateOffset() {
        if (stopped) {
            return stopGate;
        }
        return frame == null && headerFill > 0 ? frameOffset : offset;
    }

    /** Bytes consumed so far (the stream offset of the next byte). */
    public long offset() {
        return offset;
    }

    public boolean stopped() {
        return stopped;
    }

    /** Bytes fed after the decoder stopped, which it did not interpret (RFC 6455 7.1.7, notes CL-9). */
    public long ignoredBytes() {
        return fed - offset;
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }

    private int readHeader(byte[] buf, int p, int end) {
        if (headerFill == 0) {
            frameOffset = offset;
        }
        int n = Math.min(headerNeed - headerFill, end - p);
        System.arraycopy(buf, p, header, headerFill, n);
        headerFill += n;
        offset += n;
        if (headerFill == 2 && headerNeed == 2) {
            headerNeed = FrameHeader.lengthFromSecondByte(header[1] & 0xFF);
        }
        if (headerFill == headerNeed) {
            headerComplete();
        }
        return p + n;
    }

    private void headerComplete() {
        FrameHeader h = FrameHeader.parse(header);
        headerFill = 0;
        headerNeed = 2;
        frameIndex++;
        out.add(new FrameHeaderParsed(frameIndex, frameOffset, h));
        long at = offset - 1;
        if (!verifiable && !unverifiableNoted) {
            unverifiableNoted = true;
            report(new RuleFinding(WsRule.EXTENSION_NOT_VERIFIABLE, "RSV bits and payloads are not checked"), at);
        }
        boolean fatal = false;
        for (RuleFinding f : FrameRules.checkHeader(h,
                new FrameRules.State(direction, deflateAgreed, !verifiable, messageOpen, closeSent))) {
            report(f, at);
            // CL-5 does not fail the connection: the receiver only discards such data (notes CL-5)
            fatal |= f.rule().severity() == Severity.VIOLATION && f.rule() != WsRule.DATA_AFTER_CLOSE;
        }
        if (fatal) {
            stop("the header of frame " + frameIndex + " fails the connection", at);
            stopGate = frameOffset;
            return;
        }
        frame = h;
        payloadPos = 0;
        if (!h.control() && h.opcode() != Opcode.CONTINUATION) {
            startMessage(h);
        }
        if (h.payloadLength() == 0) {
            frameComplete();
        }
    }

    private void startMessage(FrameHeader h) {
        messageOpen = true;
        messageType = h.opcode() == Opcode.TEXT ? MessageType.TEXT : MessageType.BINARY;
        // RFC 7692 6: RSV1 on the first frame marks the whole message as compressed (PMD-3)
        compressed = inflater != null && verifiable && h.rsv1();
        checkText = verifiable && messageType == MessageType.TEXT;
        messageSize = 0;
        limitReported = false;
        utf8.reset();
        if (compressed) {
            inflater.startMessage();
        } else if (h.fin()) {
            assembly.expect(h.payloadLength());  // one exact allocation, handed over without a copy
        }
    }

    private int readPayload(byte[] buf, int p, int end) {
        int n = (int) Math.min(frame.payloadLength() - payloadPos, end - p);
        int used;
        if (frame.control()) {
            System.arraycopy(buf, p, control, (int) payloadPos, n);
            payloadPos += n;
            used = n;
        } else {
            used = compressed ? stageCompressed(buf, p, n) : dataBytes(buf, p, n);
        }
        offset += used;
        if (!stopped && payloadPos == frame.payloadLength()) {
            frameComplete();
        }
        return p + used;
    }

    /** Uncompressed data: unmask into the message buffer (or scratch past the limit) and check text. */
    private int dataBytes(byte[] buf, int p, int n) {
        int done = 0;
        while (done < n) {
            int k;
            int at;
            byte[] dst;
            int room = assembly.room();
            if (room > 0) {
                k = Math.min(n - done, room);
                at = assembly.extend(k);
                dst = assembly.array();
            } else {
                messageLimit(offset + done);
                if (!checkText) {
                    // nothing left to do with these bytes: do not even unmask them
                    payloadPos += n - done;
                    messageSize += n - done;
                    return n;
                }
                if (scratch == null) {
                    scratch = new byte[BLOCK];
                }
                k = Math.min(n - done, scratch.length);
                at = 0;
                dst = scratch;
            }
            copyPayload(buf, p + done, dst, at, k);
            if (checkText) {
                int bad = utf8.update(dst, at, k);
                if (bad >= 0) {
                    int consumed = done + (bad - at) + 1;
                    invalidText(offset + consumed - 1, messageSize + (bad - at));
                    return consumed;
                }
            }
            payloadPos += k;
            messageSize += k;
            done += k;
        }
        return n;
    }

    /** Compressed data: unmask into the staging block, inflated when full and at the frame's end. */
    private int stageCompressed(byte[] buf, int p, int n) {
        if (staged == null) {
            staged = new byte[BLOCK];
        }
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, staged.length - stagedLen);
            copyPayload(buf, p + done, staged, stagedLen, k);
            stagedLen += k;
            payloadPos += k;
            done += k;
            if (stagedLen == staged.length && !inflateStaged(offset + done - 1)) {
                return done;
            }
        }
        return n;
    }

    private void copyPayload(byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        if (frame.masked()) {
            Masking.unmask(src, srcOff, dst, dstOff, len, frame.maskKey(), payloadPos);
        } else {
            System.arraycopy(src, srcOff, dst, dstOff, len);
        }
    }

    private boolean inflateStaged(long lastByte) {
        blockEndOffset = lastByte;
        // an empty compressed frame arrives before anything was staged
        MessageInflater.Status status = inflater.inflate(staged == null ? header : staged, 0, stagedLen, inflatedSink);
        stagedLen = 0;
        return inflateStatus(status);
    }

    private boolean inflateStatus(MessageInflater.Status status) {
        if (stopped) {
            return false;  // the sink found invalid text in the last bytes it was given
        }
        switch (status) {
            case OK:
                return true;
            case INVALID_DATA:
                // RFC 7692 7.2.2: the payload must be raw DEFLATE data
                report(new RuleFinding(WsRule.COMPRESSED_DATA_INVALID, "inflating failed: " + inflater.problem()),
                        blockEndOffset);
                stop("compressed data of frame " + frameIndex + " cannot be inflated", blockEndOffset);
                return false;
            case LIMIT_EXCEEDED:
                out.add(new LimitExceeded(WsEvent.Limit.MAX_INFLATED_MESSAGE_BYTES, limits.maxInflatedMessageBytes(),
                        frameIndex, blockEndOffset));
                stop("a message inflates past maxInflatedMessageBytes=" + limits.maxInflatedMessageBytes(),
                        blockEndOffset);
                return false;
            default:
                return false;  // SINK_STOPPED: the sink already reported and stopped
        }
    }

    /** Inflated bytes of the current message: check text, assemble. */
    private boolean inflated(byte[] b, int off, int len) {
        if (checkText) {
            int bad = utf8.update(b, off, len);
            if (bad >= 0) {
                invalidText(blockEndOffset, messageSize + (bad - off));
                return false;
            }
        }
        messageSize += len;
        if (assembly.append(b, off, len) < len) {
            messageLimit(blockEndOffset);
        }
        return true;
    }

    private void invalidText(long at, long messageIndex) {
        // RFC 6455 8.1: invalid UTF-8 in a text message MUST fail the connection (UT-1, fail fast UT-3)
        report(new RuleFinding(WsRule.INVALID_UTF8_TEXT, "byte " + messageIndex + " of the text message"
                + (compressed ? " (inflated)" : "") + " cannot occur in UTF-8"), at);
        stop("invalid UTF-8 in frame " + frameIndex, at);
    }

    private void messageLimit(long at) {
        if (!limitReported) {
            limitReported = true;
            out.add(new LimitExceeded(WsEvent.Limit.MAX_MESSAGE_BYTES, limits.maxMessageBytes(), frameIndex, at));
        }
    }

    private void frameComplete() {
        FrameHeader h = frame;
        frame = null;
        long last = offset - 1;
        if (h.control()) {
            controlComplete(h, last);
        } else {
            dataComplete(h, last);
        }
    }

    private void dataComplete(FrameHeader h, long last) {
        if (compressed) {
            if (!inflateStaged(last)) {
                return;
            }
            if (h.fin()) {
                blockEndOffset = last;
                if (!inflateStatus(inflater.finishMessage(inflatedSink))) {
                    return;
                }
            }
        }
        out.add(new FrameDecoded(frameIndex, frameOffset, h, BufferType.ofData(messageType, h.fin())));
        if (!h.fin()) {
            return;
        }
        messageOpen = false;
        if (checkText && !utf8.complete()) {
            // RFC 6455 5.6: a text message ends on a code point boundary (UT-2)
            report(new RuleFinding(WsRule.TRUNCATED_UTF8_TEXT, "the text message ends inside a UTF-8 sequence"), last);
            stop("truncated UTF-8 at the end of frame " + frameIndex, last);
            return;
        }
        out.add(new MessageAssembled(frameIndex, messageType, compressed, messageSize, assembly.take(), !limitReported));
    }

    private void controlComplete(FrameHeader h, long last) {
        int len = (int) h.payloadLength();
        if (h.masked()) {
            Masking.unmask(control, 0, control, 0, len, h.maskKey(), 0);
        }
        closeSent |= h.opcode() == Opcode.CLOSE;
        boolean fatal = false;
        for (RuleFinding f : ControlFrames.complete(h, Arrays.copyOf(control, len), frameIndex, frameOffset, direction, pings, out)) {
            report(f, last);
            fatal |= f.rule().severity() == Severity.VIOLATION;
        }
        if (fatal) {
            stop("the " + Opcode.name(h.opcode()) + " frame " + frameIndex + " fails the connection", last);
        }
    }

    private void report(RuleFinding f, long at) {
        Violation v = new Violation(f.rule(), direction + " frame " + frameIndex, f.detail());
        out.add(new ViolationFound(v, frameIndex, frameOffset, at));
    }

    private void stop(String reason, long at) {
        stopped = true;
        stopGate = at;
        out.add(new DecodingStopped(frameIndex, at, reason));
    }
}
