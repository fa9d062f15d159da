package dev.tapdeck.protocol.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits and builds {@code multipart/encrypted} WinRM bodies ([MS-WSMV] 2.2.9.1.1; protocol-notes D.2):
 * <pre>
 * --Encrypted Boundary\r\n
 * \tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n
 * \tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=N\r\n
 * --Encrypted Boundary\r\n
 * \tContent-Type: application/octet-stream\r\n
 * [u32 LE signature length][signature][N sealed bytes]--Encrypted Boundary--\r\n
 * </pre>
 * The sealed data is cut by the lengths it declares, then the boundary must follow; otherwise the next
 * boundary decides and the mismatch is reported. Never throws on hostile input.
 */
public final class EncryptedBody {
    public static final String DEFAULT_BOUNDARY = "Encrypted Boundary";
    /** Messages per body: WinRM sends one; CredSSP splits into 16 KiB parts ([MS-WSMV] 2.2.9.1.3). */
    public static final int MAX_PARTS = 1024;
    /** Longest header line of a MIME part. */
    public static final int MAX_HEADER_LINE = 1024;

    private EncryptedBody() {
    }

    /**
     * One sealed message.
     *
     * @param originalType   the OriginalContent type, e.g. {@code application/soap+xml;charset=UTF-8}
     * @param originalLength the OriginalContent Length: the plaintext length the sender declared
     */
    public record Part(SealingProtocol protocol, String originalType, int originalLength, byte[] signature, byte[] sealed) {
    }

    /** @param problems sentences naming what was wrong; parts before a fatal problem are kept */
    public record Split(List<Part> parts, List<Problem> problems) {
        public Split {
            parts = List.copyOf(parts);
            problems = List.copyOf(problems);
        }
    }

    /** @param rule {@link NtlmRule#ENCRYPTED_BODY_MALFORMED} or {@link NtlmRule#ORIGINAL_LENGTH_MISMATCH} */
    public record Problem(NtlmRule rule, String detail) {
    }

    /** The boundary parameter of a multipart Content-Type, or the WinRM default. */
    public static String boundaryOf(String contentType) {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                String p = param.strip();
                if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                    String v = p.substring(9).strip();
                    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
                }
            }
        }
        return DEFAULT_BOUNDARY;
    }

    public static Split split(String contentType, byte[] body) {
        byte[] dash = ("--" + boundaryOf(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int pos = 0;
        while (parts.size() < MAX_PARTS) {
            if (!startsWith(body, pos, dash)) {
                problems.add(malformed("expected the boundary at offset " + pos));
                break;
            }
            pos += dash.length;
            if (startsWith(body, pos, new byte[] {'-', '-'})) {
                break; // closing delimiter
            }
            // header part: Content-Type names the protocol, OriginalContent the type and length
            Headers h = new Headers();
            pos = headers(body, pos, h);
            SealingProtocol protocol = SealingProtocol.of(h.contentType);
            if (pos < 0 || protocol == null || h.originalContent == null) {
                problems.add(malformed(pos < 0 ? "header line over " + MAX_HEADER_LINE + " bytes or unterminated"
                    : "part without a known session-encrypted Content-Type and OriginalContent (got "
                    + h.contentType + ")"));
                break;
            }
            int length = lengthOf(h.originalContent);
            if (length < 0) {
                problems.add(malformed("OriginalContent has no numeric Length: " + h.originalContent));
                break;
            }
            if (!startsWith(body, pos, dash)) {
                problems.add(malformed("no octet-stream part after the OriginalContent part at offset " + pos));
                break;
            }
            pos = headers(body, pos + dash.length, new Headers());
            if (pos < 0 || pos + 4 > body.length) {
                problems.add(malformed("octet-stream part ends before its 4-byte signature length"));
                break;
            }
            long sigLen = Integer.toUnsignedLong(NtlmMessageReader.u32(body, pos));
            int dataStart = pos + 4;
            if (sigLen > body.length - dataStart) {
                problems.add(malformed("signature length " + sigLen + " runs past the body"));
                break;
            }
            int sealedStart = dataStart + (int) sigLen;
            long declaredEnd = (long) sealedStart + length;
            int end;
            if (declaredEnd <= body.length && startsWith(body, (int) declaredEnd, dash)) {
                end = (int) declaredEnd;
            } else {
                end = indexOf(body, dash, sealedStart);
                if (end < 0) {
                    problems.add(malformed("no closing boundary after the sealed data"));
                    break;
                }
                problems.add(new Problem(NtlmRule.ORIGINAL_LENGTH_MISMATCH, "OriginalContent Length=" + length
                    + " but the part holds " + (end - sealedStart) + " sealed bytes"));
            }
            parts.add(new Part(protocol, h.originalType(), length, Arrays.copyOfRange(body, dataStart, sealedStart),
                Arrays.copyOfRange(body, sealedStart, end)));
            pos = end;
        }
        if (parts.size() >= MAX_PARTS) {
            problems.add(malformed("more than MAX_PARTS " + MAX_PARTS + " sealed messages in one body"));
        }
        return new Split(parts, problems);
    }

    /** The Content-Type of a body built by {@link #build}. */
    public static String contentType(SealingProtocol protocol) {
        return "multipart/encrypted;protocol=\"" + protocol.mediaType() + "\";boundary=\"" + DEFAULT_BOUNDARY + "\"";
    }

    /** Writes one sealed message the way pywinrm and Windows do. */
    public static byte[] build(SealingProtocol protocol, String originalType, int originalLength, byte[] signature,
                               byte[] sealed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + DEFAULT_BOUNDARY + "\r\n\tContent-Type: " + protocol.mediaType() + "\r\n\tOriginalContent: type="
            + originalType + ";Length=" + originalLength + "\r\n--" + DEFAULT_BOUNDARY
            + "\r\n\tContent-Type: application/octet-stream\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(NtlmSealing.le32(signature.length));
        out.writeBytes(signature);
        out.writeBytes(sealed);
        out.writeBytes(("--" + DEFAULT_BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static final class Headers {
        String contentType;
        String originalContent;

        /** "type=application/soap+xml;charset=UTF-8;Length=N" without the Length parameter. */
        String originalType() {
            List<String> kept = new ArrayList<>();
            for (String p : originalContent.split(";")) {
                String s = p.strip();
                if (s.regionMatches(true, 0, "type=", 0, 5)) {
                    kept.add(s.substring(5));
                } else if (!s.regionMatches(true, 0, "length=", 0, 7) && !s.isEmpty()) {
                    kept.add(s);
                }
            }
            return String.join(";", kept);
        }
    }

    /** Reads CRLF-terminated header lines after a boundary (the rest of the boundary line first); -1 when malformed. */
    private static int headers(byte[] b, int pos, Headers h) {
        int lineEnd = lineEnd(b, pos);
        if (lineEnd < 0) {
            return -1;
        }
        pos = lineEnd + 2;
        while (pos < b.length && (b[pos] == '\t' || b[pos] == ' ' || Character.isLetter(b[pos]))) {
            lineEnd = lineEnd(b, pos);
            if (lineEnd < 0) {
                return -1;
            }
            String line = new String(b, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).strip();
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                if (name.equals("content-type")) {
                    h.contentType = value;
                } else if (name.equals("originalcontent")) {
                    h.originalContent = value;
                }
            }
            pos = lineEnd + 2;
            if (h.contentType != null && h.contentType.equalsIgnoreCase("application/octet-stream")) {
                break; // the binary data starts right after this line
            }
        }
        return pos;
    }

    private static int lineEnd(byte[] b, int from) {
        int limit = Math.min(b.length - 1, from + MAX_HEADER_LINE);
        for (int i = from; i < limit; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lengthOf(String originalContent) {
        for (String p : originalContent.split(";")) {
            String s = p.strip();
            if (s.regionMatches(true, 0, "length=", 0, 7)) {
                try {
                    int n = Integer.parseInt(s.substring(7).strip());
                    return n >= 0 ? n : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static Problem malformed(String detail) {
        return new Problem(NtlmRule.ENCRYPTED_BODY_MALFORMED, detail);
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        return at >= 0 && at + prefix.length <= b.length && Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] b, byte[] needle, int from) {
        for (int i = Math.max(from, 0); i + needle.length <= b.length; i++) {
            if (startsWith(b, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
