package dev.tapdeck.replay;

import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.FragmentDecoder;
import dev.tapdeck.protocol.psrp.FragmentsDecoded;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpMessage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts live values into a recorded body, keeping every other byte: the replay server does it to recorded
 * responses, the replay client to recorded requests. Text edits only touch element contents and GUIDs, so
 * the recorded prefixes, attribute order and whitespace survive.
 *
 * <ul>
 *   <li>{@code wsa:MessageID} and {@code wsa:RelatesTo} get the given values;</li>
 *   <li>literal strings are replaced (the recorded {@code wsa:To} URL by the live one);</li>
 *   <li>every GUID bound in the {@link IdMap} (ShellId, CommandId…) becomes its live value;</li>
 *   <li>in a PowerShell shell, the RPID and PID of each PSRP message header inside base64 stream contents
 *       become their live bytes; the fragments are re-encoded and the contents re-base64'd.</li>
 * </ul>
 */
final class BodyRewriter {
    private static final Pattern CARRIER = Pattern.compile(
            "(<(?:[\\w.-]+:)?(?:Stream|creationXml|connectXml|connectResponseXml|Arguments)\\b[^>]*>)([A-Za-z0-9+/=\\s]+)(</)");
    private static final int RPID_AT = 8;
    private static final int PID_AT = 24;

    /**
     * @param messageId the MessageID to write, null to keep the recorded one
     * @param relatesTo the RelatesTo to write, null to keep the recorded one
     * @param literals  recorded text to live text, applied as is
     */
    record Values(String messageId, String relatesTo, Map<String, String> literals) {
    }

    private BodyRewriter() {
    }

    static byte[] rewrite(byte[] recorded, IdMap ids, Values values, boolean psrp) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(recorded)).toString();
        } catch (CharacterCodingException e) {
            return recorded; // not UTF-8 XML (an encrypted body): nothing to map
        }
        if (text.indexOf('<') < 0) {
            return recorded;
        }
        if (values.messageId() != null) {
            text = element(text, "MessageID", values.messageId());
        }
        if (values.relatesTo() != null) {
            text = element(text, "RelatesTo", values.relatesTo());
        }
        for (Map.Entry<String, String> e : values.literals().entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        text = Guids.replace(text, ids::liveText);
        if (psrp) {
            text = psrpCarriers(text, ids);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String element(String text, String localName, String value) {
        Pattern p = Pattern.compile("(<(?:[\\w.-]+:)?" + localName + "\\b[^>]*>)([^<]*)(</)");
        Matcher m = p.matcher(text);
        return m.find() ? text.substring(0, m.start(2)) + value + text.substring(m.end(2)) : text;
    }

    private static String psrpCarriers(String text, IdMap ids) {
        Matcher m = CARRIER.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + mapFragments(m.group(2), ids) + m.group(3)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Maps RPID and PID in each Start fragment; a carrier that is not clean fragments is left as recorded. */
    private static String mapFragments(String base64, IdMap ids) {
        byte[] payload;
        try {
            payload = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return base64;
        }
        FragmentsDecoded decoded = FragmentDecoder.decode(payload);
        if (payload.length == 0 || !decoded.violations().isEmpty() || decoded.undecodedBytes() != 0) {
            return base64;
        }
        List<Fragment> mapped = new ArrayList<>(decoded.fragments().size());
        boolean changed = false;
        for (Fragment f : decoded.fragments()) {
            byte[] blob = f.blob();
            // A message header split over two fragments (a blob under 40 bytes) is left as recorded:
            // no real client or server fragments that small.
            if (f.start() && blob.length >= PsrpMessage.HEADER_LENGTH) {
                byte[] copy = blob.clone();
                changed |= map(copy, RPID_AT, ids) | map(copy, PID_AT, ids);
                blob = copy;
            }
            mapped.add(new Fragment(f.objectId(), f.fragmentId(), f.start(), f.end(), blob));
        }
        if (!changed) {
            return base64;
        }
        return Base64.getEncoder().encodeToString(Fragmenter.encode(mapped));
    }

    private static boolean map(byte[] blob, int at, IdMap ids) {
        byte[] recorded = java.util.Arrays.copyOfRange(blob, at, at + 16);
        byte[] live = ids.liveBytes(recorded);
        if (java.util.Arrays.equals(recorded, live)) {
            return false;
        }
        System.arraycopy(live, 0, blob, at, 16);
        return true;
    }
}
