package dev.tapdeck.protocol.wsman;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.tapdeck.protocol.xml.XmlRejected;

/**
 * Lexical values of XML Schema types as WS-Man senders write them, parsed leniently where real senders
 * differ and strictly otherwise. Values arrive trimmed.
 */
final class XsdValues {
    private XsdValues() {
    }

    /**
     * xs:boolean: {@code true}/{@code 1}, {@code false}/{@code 0}, in any case (pypsrp's WinRS client sends
     * {@code End="True"}, protocol-notes A.6); null when it is none of these.
     */
    static Boolean parseBoolean(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** An xs:long / xs:unsignedInt, or null when it is not a decimal integer. */
    static Long parseLong(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A whitespace-separated list (InputStreams, OutputStreams, DesiredStream). */
    static List<String> tokens(String value) {
        List<String> out = new ArrayList<>(2);
        if (value == null) {
            return out;
        }
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && isXmlSpace(value.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isXmlSpace(value.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(value.substring(start, i));
            }
        }
        return out;
    }

    /**
     * xs:base64Binary: whitespace and line breaks anywhere are allowed (MIME style), any other character
     * outside the alphabet is an error. Returns null when the text is not valid base64.
     */
    static byte[] decodeBase64(String text) {
        String compact = text;
        for (int i = 0; i < text.length(); i++) {
            if (isXmlSpace(text.charAt(i))) {
                compact = withoutSpace(text);
                break;
            }
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withoutSpace(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isXmlSpace(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isXmlSpace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** An INVALID_VALUE problem: {@code "<what> <quoted value> is not <expected>"}. */
    static DecodeProblem invalid(String what, String value, String expected) {
        return new DecodeProblem(DecodeProblem.Kind.INVALID_VALUE, what + " " + XmlRejected.quote(value) + " is not " + expected);
    }
}
