package dev.tapdeck.protocol.fuzz;

import dev.tapdeck.protocol.ws.HandshakeRequest;
import dev.tapdeck.protocol.ws.HandshakeResponse;
import dev.tapdeck.protocol.ws.HeaderFields;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the fuzz targets read one byte array as several inputs, so that seeds written from the project's
 * own vectors stay meaningful to the fuzzer: pieces are a 2-byte big-endian length and that many bytes
 * (the rest, or a length past the end, is the last piece); HTTP heads are text up to a blank line.
 */
public final class FuzzInput {
    /** Pieces past this many are ignored, so one input cannot run for long. */
    static final int MAX_PIECES = 64;

    private FuzzInput() {
    }

    /** The pieces of {@code data}, as {@link #join} wrote them. */
    public static List<byte[]> split(byte[] data) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        while (at < data.length && pieces.size() < MAX_PIECES) {
            if (data.length - at < 2) {
                pieces.add(java.util.Arrays.copyOfRange(data, at, data.length));
                break;
            }
            int length = ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
            int from = at + 2;
            int to = (int) Math.min(data.length, (long) from + length);
            pieces.add(java.util.Arrays.copyOfRange(data, from, to));
            at = to;
        }
        return pieces;
    }

    /** Writes pieces (each at most 65535 bytes) so that {@link #split} returns them. */
    public static byte[] join(List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : pieces) {
            if (p.length > 0xffff) {
                throw new IllegalArgumentException("piece of " + p.length + " bytes, at most 65535");
            }
            out.write(p.length >> 8);
            out.write(p.length & 0xff);
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** An HTTP head and what follows its blank line. */
    public record Head(String startLine, HeaderFields headers, byte[] rest) {
        String token(int index) {
            String[] t = startLine.split(" ", 3);
            return index < t.length ? t[index] : "";
        }

        public HandshakeRequest request() {
            return new HandshakeRequest(token(0), token(2), headers);
        }

        /** The status code, 0 when the start line has no 1- to 3-digit number where it belongs. */
        public HandshakeResponse response() {
            String s = token(1);
            int status = s.matches("\\d{1,3}") ? Integer.parseInt(s) : 0;
            return new HandshakeResponse(status, token(0), headers);
        }
    }

    /** Reads "start line CRLF (name: value CRLF)* CRLF" leniently: lines without a colon are skipped. */
    public static Head head(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int blank = text.indexOf("\r\n\r\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        byte[] rest = blank < 0 ? new byte[0] : java.util.Arrays.copyOfRange(data, blank + 4, data.length);
        String[] lines = head.split("\r\n", -1);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                fields.computeIfAbsent(lines[i].substring(0, colon).trim(), n -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Head(lines[0], HeaderFields.of(fields), rest);
    }
}
