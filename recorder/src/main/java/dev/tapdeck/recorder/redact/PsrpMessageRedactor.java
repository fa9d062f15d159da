package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageCodec;
import dev.tapdeck.protocol.psrp.PsrpMessageResult;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.xml.SafeXml;
import dev.tapdeck.protocol.xml.XmlRejected;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts one whole PSRP message ([MS-PSRP] 2.2.1): every SecureString ({@code <SS>}, 2.2.5.1.24) gets the
 * base64 of its placeholder, so the CLIXML stays valid and a reader still sees a SecureString; the answer of a
 * host response ({@code mr} of RUNSPACEPOOL_HOST_RESPONSE 2.2.2.16 and PIPELINE_HOST_RESPONSE 2.2.2.28) becomes
 * {@code <S N="mr">placeholder</S>}, so the method ({@code mi}) stays readable. The header (Destination,
 * MessageType, RPID, PID) and the BOM are kept; the message is re-encoded with {@link PsrpMessageCodec}.
 */
final class PsrpMessageRedactor {
    /** CLIXML writes SecureString content as base64: no markup inside. */
    private static final Pattern SECURE_STRING = Pattern.compile("<SS(\\s[^>]*)?>([^<]*)</SS>");
    /**
     * A CLIXML string ([MS-PSRP] 2.2.5.1.1), its text as written (escaped); not a dictionary key ({@code N="Key"},
     * 2.2.5.2.6), which names a prompt field rather than answering it.
     */
    private static final Pattern STRING = Pattern.compile("<S(?:\\s(?![^>]*N=\"Key\")[^>]*)?>([^<]+)</S>");

    /** The Data of a host response that cannot be read is replaced whole by this, with the placeholder. */
    private static final String UNREADABLE_HOST_RESPONSE = "<Obj RefId=\"0\"><MS><S N=\"mr\">%s</S></MS></Obj>";

    private PsrpMessageRedactor() {
    }

    /** The message redacted, or the same array when there was nothing to redact. */
    static byte[] redact(byte[] message, Redactions r) {
        if (!(PsrpMessageCodec.decode(message) instanceof PsrpMessageResult.MessageDecoded decoded)) {
            return message; // shorter than the 40-byte header: no Data to hold a secret
        }
        PsrpMessage m = decoded.message();
        String data = new String(m.data(), StandardCharsets.UTF_8);
        String out = data;
        PsrpMessageType type = m.type();
        // SecureStrings first: the same ciphertext gets the same placeholder in a host response and in the output
        out = secureStrings(out, r);
        if (type == PsrpMessageType.PIPELINE_HOST_RESPONSE || type == PsrpMessageType.RUNSPACEPOOL_HOST_RESPONSE) {
            out = hostResponse(out.getBytes(StandardCharsets.UTF_8), out, r);
        }
        out = r.sweep(out);
        if (out.equals(data)) {
            return message;
        }
        return PsrpMessageCodec.encode(new PsrpMessage(m.destination(), m.messageType(), m.rpidBytes(), m.pidBytes(),
                out.getBytes(StandardCharsets.UTF_8), m.bom()));
    }

    static String secureStrings(String clixml, Redactions r) {
        Matcher m = SECURE_STRING.matcher(clixml);
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        while (m.find()) {
            String content = m.group(2).trim();
            if (content.isEmpty()) {
                continue;
            }
            any = true;
            String attrs = m.group(1) == null ? "" : m.group(1);
            m.appendReplacement(sb, Matcher.quoteReplacement("<SS" + attrs + ">"
                    + r.replaceBase64(RedactionKind.SECURE_STRING, content) + "</SS>"));
        }
        if (!any) {
            return clixml;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The Data with its {@code mr} element (the answer) replaced; the whole Data when it cannot be read. */
    private static String hostResponse(byte[] bytes, String data, Redactions r) {
        int[] range = mrRange(bytes, data);
        if (range == null) {
            return data.isBlank() ? data : String.format(UNREADABLE_HOST_RESPONSE, r.replace(RedactionKind.HOST_RESPONSE, data));
        }
        if (range.length == 0) {
            return data; // no answer (a void method)
        }
        String answer = data.substring(range[0], range[1]);
        if (answer.startsWith("<SS")) {
            return data; // ReadLineAsSecureString: its SecureString already has its placeholder
        }
        // a script may echo the answer (Read-Host's result in its output): its strings are swept from later messages
        Matcher strings = STRING.matcher(answer);
        while (strings.find()) {
            r.sweepLater(strings.group(1), r.placeholderOf(strings.group(1)));
        }
        return data.substring(0, range[0]) + "<S N=\"mr\">" + r.replace(RedactionKind.HOST_RESPONSE, answer) + "</S>"
                + data.substring(range[1]);
    }

    /**
     * Where the {@code mr} element of {@code <Obj><MS>…} starts and ends (character offsets, the whole element);
     * an empty array when there is none, null when the Data is not readable CLIXML.
     */
    private static int[] mrRange(byte[] bytes, String data) {
        try {
            XMLStreamReader x = SafeXml.open(bytes, 0, bytes.length);
            int depth = 0;
            int start = -1;
            int startDepth = -1;
            while (x.hasNext()) {
                int e = x.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (start < 0 && depth == 3 && "mr".equals(x.getAttributeValue(null, "N"))) {
                        // a '<' cannot occur inside a start tag's attribute values: the last one opens this tag
                        start = data.lastIndexOf('<', x.getLocation().getCharacterOffset() - 1);
                        startDepth = depth;
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    if (depth == startDepth) {
                        return new int[]{start, x.getLocation().getCharacterOffset()};
                    }
                    depth--;
                } else if (e == XMLStreamConstants.DTD) {
                    return null;
                }
            }
            return new int[0];
        } catch (XmlRejected | XMLStreamException | RuntimeException e) {
            return null;
        }
    }
}
