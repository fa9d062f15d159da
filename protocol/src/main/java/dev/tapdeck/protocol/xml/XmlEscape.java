package dev.tapdeck.protocol.xml;

/**
 * Escapes text for the XML documents Tapdeck writes (faults, the sample server's envelopes). Characters
 * XML 1.0 cannot carry, lone surrogates included, become U+FFFD, so an echoed client value can never
 * break the document; in attribute values, whitespace is written as character references because a
 * reader would otherwise normalise it (XML 1.0 §3.3.3).
 */
public final class XmlEscape {
    private XmlEscape() {
    }

    /** Appends {@code s} escaped as element content. */
    public static StringBuilder text(StringBuilder out, String s) {
        return append(out, s, false);
    }

    /** Appends {@code s} escaped as a double-quoted attribute value. */
    public static StringBuilder attribute(StringBuilder out, String s) {
        return append(out, s, true);
    }

    private static StringBuilder append(StringBuilder out, String s, boolean attribute) {
        if (s == null) {
            return out;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (isXmlChar(c)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out;
    }

    /** XML 1.0 §2.2 Char production, for a single UTF-16 unit (lone surrogates are not characters). */
    private static boolean isXmlChar(char c) {
        return c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
    }
}
