package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.xml.XmlEncoding;
import dev.tapdeck.protocol.xml.XmlRejected;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Tells, without parsing, that a well-formed WS-Man body holds nothing {@link SoapBodyRedactor} would change: no
 * element named like a PSRP carrier ([MS-PSRP] 3.1.5.3: {@code Stream}, {@code Arguments}, {@code creationXml},
 * {@code connectXml}, {@code connectResponseXml}) in any namespace, so most bodies (Create, Command, Receive
 * requests, Send responses, Delete, faults) skip the redactor's second StAX pass. Conservative: a start tag is
 * any {@code <} followed by a name, wherever it stands (comments and CDATA included), so text that merely looks
 * like a carrier only costs the full pass; and only ASCII-compatible encodings are scanned, where an element
 * name's bytes are its ASCII characters (UTF-8 never uses bytes below 0x80 inside a multi-byte character).
 */
final class CarrierScan {
    private static final Set<String> CARRIERS = Set.of("Stream", "Arguments", "creationXml", "connectXml",
            "connectResponseXml");
    private static final Set<Charset> ASCII_COMPATIBLE = Set.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII,
            StandardCharsets.ISO_8859_1);

    private CarrierScan() {
    }

    /**
     * Whether {@code body}, known to parse as a whole XML document, certainly names no carrier element and has at
     * most {@code maxElements} start tags (so it is no deeper than the redactor follows).
     */
    static boolean noCarrier(byte[] body, int maxElements) {
        try {
            if (!ASCII_COMPATIBLE.contains(XmlEncoding.detect(body, 0, body.length).charset())) {
                return false;
            }
        } catch (XmlRejected e) {
            return false;
        }
        int elements = 0;
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
            if (CARRIERS.contains(new String(body, local, end - local, StandardCharsets.ISO_8859_1))) {
                return false;
            }
            i = end - 1;
        }
        return true;
    }

    /** Not {@code /} (an end tag), {@code ?} (a processing instruction) or {@code !} (comment, CDATA, DOCTYPE). */
    private static boolean nameStart(byte b) {
        return b != '/' && b != '?' && b != '!' && !delimiter(b);
    }

    private static boolean delimiter(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '>' || b == '/' || b == '<';
    }
}
