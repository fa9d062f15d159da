package dev.tapdeck.protocol.ws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tapdeck.protocol.ws.FrameBuilder.hex;
import static dev.tapdeck.protocol.ws.FrameBuilder.utf8;

/**
 * The table of all 517 Autobahn cases, one line per case in {@link AutobahnCases1To7} and
 * {@link AutobahnCases9To13}, with the payload helpers those lines share. Sizes that are impractical in a
 * unit test are scaled down there, each time with a comment.
 */
final class AutobahnTable {
    private static final Pattern HEX = Pattern.compile("\\b(?:[0-9a-f]{2}){3,}\\b");
    private static final Pattern PART = Pattern.compile("PART(\\d) = ([0-9a-f]*)");

    private final Map<String, AutobahnCase> cases = new LinkedHashMap<>();

    /** Every case; 6.5-6.23 come from the rows of autobahn-6x-utf8-vectors.tsv, valid or not as it says. */
    static Map<String, AutobahnCase> all(List<Map<String, String>> utf8Vectors) {
        AutobahnTable t = new AutobahnTable();
        AutobahnCases1To7.register(t);
        for (Map<String, String> v : utf8Vectors) {
            AutobahnCase.Script oneFrame = (w, r) -> w.text(hex(r.utf8PayloadHex()));
            if (Boolean.parseBoolean(v.get("valid_utf8"))) {
                t.none(v.get("case_id"), oneFrame);
            } else {
                t.invalidText(v.get("case_id"), oneFrame);
            }
        }
        AutobahnCases9To13.register(t);
        return t.cases;
    }

    void none(String id, AutobahnCase.Script script) {
        put(new AutobahnCase(id, AutobahnCase.Kind.NONE, Set.of(), script, new int[0], null));
    }

    void violation(String id, WsRule rule, AutobahnCase.Script script) {
        put(new AutobahnCase(id, AutobahnCase.Kind.VIOLATION, Set.of(rule), script, new int[0], null));
    }

    /** Invalid UTF-8: found inside the message (UT-1) or only at its end (UT-2). */
    void invalidText(String id, AutobahnCase.Script script) {
        put(new AutobahnCase(id, AutobahnCase.Kind.VIOLATION, Set.of(WsRule.INVALID_UTF8_TEXT, WsRule.TRUNCATED_UTF8_TEXT),
                script, new int[0], null));
    }

    void informational(String id, WsRule rule, AutobahnCase.Script script) {
        put(new AutobahnCase(id, AutobahnCase.Kind.INFORMATIONAL, Set.of(rule), script, new int[0], null));
    }

    /** Replaces the case with a changed copy (chops, offer). */
    void change(String id, java.util.function.UnaryOperator<AutobahnCase> how) {
        cases.put(id, how.apply(cases.get(id)));
    }

    private void put(AutobahnCase c) {
        if (cases.put(c.id(), c) != null) {
            throw new IllegalStateException("case " + c.id() + " is in the table twice");
        }
    }

    // --- payloads, as Autobahn builds them

    static byte[] repeat(String unit, int length) {
        byte[] u = utf8(unit);
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = u[i % u.length];
        }
        return b;
    }

    static byte[] filled(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** The hex strings of a description (6.2.x, 6.3.x), in order. */
    static List<byte[]> hexIn(String description) {
        List<byte[]> found = new ArrayList<>();
        Matcher m = HEX.matcher(description);
        while (m.find()) {
            found.add(hex(m.group()));
        }
        return found;
    }

    /** PART1..PART3 of a 6.4.x description. */
    static byte[][] parts(String description) {
        byte[][] parts = new byte[3][];
        Matcher m = PART.matcher(description);
        while (m.find()) {
            parts[Integer.parseInt(m.group(1)) - 1] = hex(m.group(2));
        }
        return parts;
    }

    /** A text message split into frames of one byte each (6.2.3, 6.2.4, 6.3.2). */
    static void oneByteFragments(WireScript w, byte[] text) {
        for (int i = 0; i < text.length; i++) {
            w.add(FrameBuilder.frame(i == 0 ? Opcode.TEXT : Opcode.CONTINUATION).fin(i == text.length - 1)
                    .payload(new byte[]{text[i]}));
        }
    }
}
