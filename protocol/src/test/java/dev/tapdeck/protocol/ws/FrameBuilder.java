package dev.tapdeck.protocol.ws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * Builds single WebSocket frames for tests, including deliberately broken ones: any FIN/RSV/opcode,
 * masked or not, lengths in a non-minimal form or with a declared length that differs from the payload
 * (a 2^63 length with no payload). Masking is written independently of the decoder (byte by byte).
 * Shipped in the protocol test-jar for the proxy's end-to-end tests.
 */
public final class FrameBuilder {

    /** How the payload length is encoded (RFC 6455 5.2). */
    public enum LengthForm { MINIMAL, SIXTEEN_BIT, SIXTY_FOUR_BIT }

    private enum MaskChoice { PROPER, WRONG, EXPLICIT }

    private final int opcode;
    private boolean fin = true;
    private int rsv;
    private byte[] payload = new byte[0];
    private LengthForm lengthForm = LengthForm.MINIMAL;
    private Long declaredLength;
    private MaskChoice maskChoice = MaskChoice.PROPER;
    private boolean explicitMasked;
    private int explicitKey;

    private FrameBuilder(int opcode) {
        this.opcode = opcode;
    }

    public static FrameBuilder frame(int opcode) {
        return new FrameBuilder(opcode);
    }

    public static FrameBuilder text(String text) {
        return frame(Opcode.TEXT).payload(utf8(text));
    }

    public static FrameBuilder text(byte[] payload) {
        return frame(Opcode.TEXT).payload(payload);
    }

    public static FrameBuilder binary(byte[] payload) {
        return frame(Opcode.BINARY).payload(payload);
    }

    public static FrameBuilder continuation(byte[] payload) {
        return frame(Opcode.CONTINUATION).payload(payload);
    }

    public static FrameBuilder ping(byte[] payload) {
        return frame(Opcode.PING).payload(payload);
    }

    public static FrameBuilder pong(byte[] payload) {
        return frame(Opcode.PONG).payload(payload);
    }

    /** A Close frame with a 2-byte code and a UTF-8 reason. */
    public static FrameBuilder close(int code, String reason) {
        byte[] r = utf8(reason);
        byte[] body = new byte[2 + r.length];
        body[0] = (byte) (code >> 8);
        body[1] = (byte) code;
        System.arraycopy(r, 0, body, 2, r.length);
        return frame(Opcode.CLOSE).payload(body);
    }

    int opcode() {
        return opcode;
    }

    public FrameBuilder fin(boolean value) {
        fin = value;
        return this;
    }

    /** RSV bits as a 3-bit number: 4 = RSV1, 2 = RSV2, 1 = RSV3 (Autobahn's "RSV = n"). */
    public FrameBuilder rsv(int bits) {
        rsv = bits;
        return this;
    }

    public FrameBuilder payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    public FrameBuilder length(LengthForm form) {
        lengthForm = form;
        return this;
    }

    /** Writes this length in the header whatever the payload (uses the 64-bit form when it needs it). */
    public FrameBuilder declaredLength(long length) {
        declaredLength = length;
        return this;
    }

    public FrameBuilder mask(int key) {
        maskChoice = MaskChoice.EXPLICIT;
        explicitMasked = true;
        explicitKey = key;
        return this;
    }

    public FrameBuilder unmasked() {
        maskChoice = MaskChoice.EXPLICIT;
        explicitMasked = false;
        return this;
    }

    /** Masks when the direction must not and the other way round (FR-1 / FR-2 vectors). */
    public FrameBuilder wrongMasking() {
        maskChoice = MaskChoice.WRONG;
        return this;
    }

    /** The frame as sent in {@code direction}, with a key from {@code keys} when it is masked. */
    public byte[] build(Direction direction, Random keys) {
        boolean masked = maskChoice == MaskChoice.EXPLICIT ? explicitMasked
                : (maskChoice == MaskChoice.PROPER) == direction.mustMask();
        int key = maskChoice == MaskChoice.EXPLICIT ? explicitKey : keys.nextInt();
        return encode(masked, key);
    }

    /** The frame with explicit masking (see {@link #mask(int)} / {@link #unmasked()}). */
    public byte[] build() {
        if (maskChoice != MaskChoice.EXPLICIT) {
            throw new IllegalStateException("say mask(key) or unmasked(), or build for a direction");
        }
        return encode(explicitMasked, explicitKey);
    }

    private byte[] encode(boolean masked, int key) {
        long length = declaredLength != null ? declaredLength : payload.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0x0F));
        int maskBit = masked ? 0x80 : 0;
        LengthForm form = lengthForm;
        if (form == LengthForm.MINIMAL) {
            form = length < 0 || length > 65535 ? LengthForm.SIXTY_FOUR_BIT : length > 125 ? LengthForm.SIXTEEN_BIT : null;
        }
        if (form == null) {
            out.write(maskBit | (int) length);
        } else if (form == LengthForm.SIXTEEN_BIT) {
            out.write(maskBit | 126);
            out.write((int) (length >> 8) & 0xFF);
            out.write((int) length & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xFF);
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] k = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
            out.write(k, 0, 4);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= k[i % 4];
            }
        }
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    /**
     * RFC 7692 7.2.1: compresses one message with a raw DEFLATE compressor and SYNC_FLUSH, then removes
     * the trailing 00 00 FF FF. Pass the same Deflater for context takeover, reset it for none.
     */
    public static byte[] deflate(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !deflater.needsInput());
        byte[] all = out.toByteArray();
        if (all.length == 0) {
            // zlib flushes nothing twice in a row; RFC 7692 7.2.1 then appends an empty stored block
            // (00 00 00 FF FF), which is 00 without its tail (7.2.3.6)
            return new byte[]{0};
        }
        byte[] tail = Arrays.copyOfRange(all, all.length - 4, all.length);
        if (!Arrays.equals(tail, new byte[]{0, 0, (byte) 0xFF, (byte) 0xFF})) {
            throw new IllegalStateException("a sync flush ends with 00 00 FF FF");
        }
        return Arrays.copyOf(all, all.length - 4);
    }

    /** Hex with optional spaces: {@code "81 05 48 65"}. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
