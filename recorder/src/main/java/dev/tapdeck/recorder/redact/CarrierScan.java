package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.psrp.FragmentDecoder;
import dev.tapdeck.protocol.xml.XmlEncoding;
import dev.tapdeck.protocol.xml.XmlRejected;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Tells, without parsing, that a well-formed WS-Man body holds nothing {@link SoapBodyRedactor} would change, so
 * the redactor can skip its own StAX pass over a body the tap already parsed (one parse per body: the tap's).
 * <p>
 * Carriers are the elements named like a PSRP carrier ([MS-PSRP] 3.1.5.3: {@code Stream}, {@code Arguments},
 * {@code creationXml}, {@code connectXml}, {@code connectResponseXml}) in any namespace, under any parent: more
 * than the redactor rewrites. A body passes when every such element is empty or holds plain character data (no
 * child, comment, CDATA or reference) that is not base64 of whole PSRP fragments: the redactor leaves exactly
 * those alone ({@link PsrpPayloadRedactor} returns null for them, before touching any state). That is what a cmd
 * shell's stdin and stdout look like, so text-shell Sends and ReceiveResponses skip the second pass too.
 * <p>
 * Conservative: a start tag is any {@code <} followed by a name, wherever it stands (comments and CDATA
 * included), and each is examined on its own (the scan never jumps over text it has not looked at), so text
 * that merely looks like a carrier only costs the full pass; and only ASCII-compatible encodings are scanned,
 * where an element name's bytes are its ASCII characters (UTF-8 never uses bytes below 0x80 inside a
 * multi-byte character).
 */
final class CarrierScan {
    private static final byte[][] CARRIERS = ascii("Stream", "Arguments", "creationXml", "connectXml",
            "connectResponseXml");
    private static final byte[][] COMPRESSION_TYPE = ascii("CompressionType");
    private static final Set<Charset> ASCII_COMPATIBLE = Set.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII,
            StandardCharsets.ISO_8859_1);

    private CarrierScan() {
    }

    /**
     * Whether {@code body}, known to parse as a whole XML document, certainly names no carrier element and has at
     * most {@code maxElements} start tags (so it is no deeper than the redactor follows).
     */
    static boolean noCarrier(byte[] body, int maxElements) {
        return scan(body, maxElements, false);
    }

    /**
     * As {@link #noCarrier}, or else its carriers are all empty or plain text that is not base64 of whole PSRP
     * fragments and it names no {@code CompressionType} (a Create asking for xpress must be read). Only for a
     * redactor that knows of no xpress-compressed shell: their streams ([MS-WSMV] 3.1.4.1.31.6) are PSRP only once
     * decompressed.
     */
    static boolean noPsrpCarrier(byte[] body, int maxElements) {
        return scan(body, maxElements, true);
    }

    private static boolean scan(byte[] body, int maxElements, boolean inspectCarriers) {
        try {
            if (!ASCII_COMPATIBLE.contains(XmlEncoding.detect(body, 0, body.length).charset())) {
                return false;
            }
        } catch (XmlRejected e) {
            return false;
        }
        int elements = 0;
        boolean carrier = false;
        boolean compression = false;
        for (int i = 0; i < body.length; i++) {
            if (body[i] != '<' || i + 1 >= body.length || !nameStart(body[i + 1])) {
                continue;
            }
            if (++elements > maxElements) {
                return false;
            }
            int start = i + 1;
            int local = start;
            int end = start;
            while (end < body.length && !delimiter(body[end])) {
                if (body[end] == ':') {
                    local = end + 1;
                }
                end++;
            }
            if (named(body, local, end, CARRIERS)) {
                if (!inspectCarriers || holdsPsrp(body, start, end)) {
                    return false;
                }
                carrier = true;
            }
            compression |= named(body, local, end, COMPRESSION_TYPE);
            // the next '<' is looked at whatever this one was: nothing is jumped over unseen
            i = end - 1;
        }
        return !carrier || !compression;
    }

    /**
     * Whether the element whose qualified name spans {@code [nameStart, nameEnd)} may hold PSRP fragments: true
     * unless it is empty, or its content is plain ASCII text up to its own end tag that does not decode (as
     * {@link SoapBodyRedactor} decodes it) to whole fragments.
     */
    private static boolean holdsPsrp(byte[] body, int nameStart, int nameEnd) {
        int i = nameEnd;
        byte quote = 0;
        // the start tag's end, quoted attribute values skipped (they may hold '>' and '/')
        for (; i < body.length; i++) {
            byte b = body[i];
            if (quote != 0) {
                quote = b == quote ? 0 : quote;
            } else if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '<') {
                return true;
            } else if (b == '>') {
                break;
            }
        }
        if (i >= body.length) {
            return true;
        }
        if (body[i - 1] == '/') {
            return false; // <rsp:Stream .../>: nothing to replace
        }
        int content = i + 1;
        int close = content;
        while (close < body.length && body[close] != '<') {
            byte b = body[close];
            if (b == '&' || b < 0) {
                return true; // a reference or a non-ASCII character: left to the parser
            }
            close++;
        }
        if (!endTag(body, close, nameStart, nameEnd)) {
            return true; // a child, comment, CDATA or processing instruction: left to the parser
        }
        if (!firstHeaderValid(body, content, close)) {
            return false;
        }
        byte[] payload;
        try {
            // as SoapBodyRedactor reads a carrier: trimmed, MIME base64 (line breaks allowed)
            payload = Base64.getMimeDecoder().decode(new String(body, content, close - content,
                    StandardCharsets.ISO_8859_1).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return FragmentDecoder.wholeFragments(payload);
    }

    /**
     * Whether the first 21 bytes the text decodes to could start a fragment: read from its first 28 base64
     * characters, skipping the rest as the MIME decoder does. Text streams (a flags byte that is printable text)
     * fail here without decoding the whole stream. False also when the text holds fewer than 21 bytes, or padding
     * before them: such a payload is no whole fragment either, or does not decode at all.
     */
    private static boolean firstHeaderValid(byte[] body, int from, int to) {
        byte[] quads = new byte[28];
        int n = 0;
        for (int k = from; k < to && n < quads.length; k++) {
            byte b = body[k];
            if (b == '=') {
                return false;
            }
            if (b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/') {
                quads[n++] = b;
            }
        }
        return n == quads.length && FragmentDecoder.headerValid(Base64.getDecoder().decode(quads), 0);
    }

    /** Whether {@code </} + the same qualified name + optional white space + {@code >} starts at {@code at}. */
    private static boolean endTag(byte[] body, int at, int nameStart, int nameEnd) {
        int length = nameEnd - nameStart;
        if (at + 2 + length >= body.length || body[at + 1] != '/') {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (body[at + 2 + k] != body[nameStart + k]) {
                return false;
            }
        }
        int j = at + 2 + length;
        while (j < body.length && (body[j] == ' ' || body[j] == '\t' || body[j] == '\r' || body[j] == '\n')) {
            j++;
        }
        return j < body.length && body[j] == '>';
    }

    /** Whether {@code body[from, to)} is one of {@code names}: compared in place, every tag of every body goes by here. */
    private static boolean named(byte[] body, int from, int to, byte[][] names) {
        for (byte[] name : names) {
            if (name.length == to - from && sameBytes(body, from, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameBytes(byte[] body, int from, byte[] name) {
        for (int k = 0; k < name.length; k++) {
            if (body[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] ascii(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** Not {@code /} (an end tag), {@code ?} (a processing instruction) or {@code !} (comment, CDATA, DOCTYPE). */
    private static boolean nameStart(byte b) {
        return b != '/' && b != '?' && b != '!' && !delimiter(b);
    }

    private static boolean delimiter(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '>' || b == '/' || b == '<';
    }
}
