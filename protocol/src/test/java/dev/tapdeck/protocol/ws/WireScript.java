package dev.tapdeck.protocol.ws;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * The bytes one side sends, written frame by frame for a direction: masked with keys from a seeded
 * Random in client-to-server, unmasked in server-to-client, so the same script gives a vector and its
 * mirror (notes §3.3.4). Frame ends are kept for per-frame chunking. With permessage-deflate agreed,
 * compressed messages use one Deflater per direction, reset per message without context takeover.
 */
public final class WireScript {
    private final Direction direction;
    private final Random keys;
    private final PerMessageDeflate deflate;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Integer> frameEnds = new ArrayList<>();
    private final List<byte[]> messages = new ArrayList<>();
    private boolean manualDataFrames;
    private Deflater deflater;

    public WireScript(Direction direction, long seed, PerMessageDeflate deflate) {
        this.direction = direction;
        this.keys = new Random(seed);
        this.deflate = deflate;
    }

    public WireScript(Direction direction, long seed) {
        this(direction, seed, null);
    }

    public Direction direction() {
        return direction;
    }

    /** Adds one frame as built; data frames added this way are not tracked as messages. */
    public WireScript add(FrameBuilder frame) {
        manualDataFrames |= !Opcode.isControl(frame.opcode());
        return append(frame);
    }

    private WireScript append(FrameBuilder frame) {
        byte[] b = frame.build(direction, keys);
        bytes.write(b, 0, b.length);
        frameEnds.add(bytes.size());
        return this;
    }

    public WireScript text(String text) {
        return message(Opcode.TEXT, FrameBuilder.utf8(text), 0);
    }

    public WireScript text(byte[] payload) {
        return message(Opcode.TEXT, payload, 0);
    }

    public WireScript binary(byte[] payload) {
        return message(Opcode.BINARY, payload, 0);
    }

    public WireScript ping(byte[] payload) {
        return add(FrameBuilder.ping(payload));
    }

    public WireScript pong(byte[] payload) {
        return add(FrameBuilder.pong(payload));
    }

    public WireScript close(int code) {
        return add(FrameBuilder.close(code, ""));
    }

    /** A Close frame with exactly this body (0 or 1 byte, invalid reasons). */
    public WireScript closeBody(byte[] body) {
        return add(FrameBuilder.frame(Opcode.CLOSE).payload(body));
    }

    /** One data message in frames of {@code fragmentSize} bytes (0: one frame); a 0-byte message is one frame. */
    public WireScript message(int opcode, byte[] payload, int fragmentSize) {
        messages.add(payload.clone());
        return frames(opcode, payload, fragmentSize, 0);
    }

    /** One data message compressed (RFC 7692 7.2.1), RSV1 on its first frame, split after compression. */
    public WireScript compressed(int opcode, byte[] payload, int fragmentSize) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        } else if (!deflate.contextTakeover(direction)) {
            deflater.reset();
        }
        messages.add(payload.clone());
        return frames(opcode, FrameBuilder.deflate(deflater, payload), fragmentSize, 4);
    }

    private WireScript frames(int opcode, byte[] payload, int fragmentSize, int firstRsv) {
        int size = fragmentSize <= 0 ? Math.max(payload.length, 1) : fragmentSize;
        int pos = 0;
        do {
            int end = Math.min(payload.length, pos + size);
            append(FrameBuilder.frame(pos == 0 ? opcode : Opcode.CONTINUATION).rsv(pos == 0 ? firstRsv : 0)
                    .fin(end == payload.length).payload(Arrays.copyOfRange(payload, pos, end)));
            pos = end;
        } while (pos < payload.length);
        return this;
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }

    /** The data messages written with the message helpers, in order. */
    public List<byte[]> messages() {
        return messages;
    }

    /** False when data frames were also added one by one, so {@link #messages()} is not the whole story. */
    public boolean messagesTracked() {
        return !manualDataFrames;
    }

    public int[] frameEnds() {
        return frameEnds.stream().mapToInt(Integer::intValue).toArray();
    }

    public ExtensionsInUse extensions() {
        return deflate == null ? ExtensionsInUse.NONE : ExtensionsInUse.deflate(deflate);
    }
}
