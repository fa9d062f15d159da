package dev.tapdeck.protocol.clixml;

/**
 * The string encoding of [MS-PSRP] 2.2.5.3.2: control and surrogate characters are written as
 * {@code _xHHHH_} (one UTF-16 code unit, four hex digits), and an underscore that would read as such an
 * escape is itself written {@code _x005F_}. Used for strings, ToString, type names and property names.
 */
public final class ClixmlStrings {
    private static final int ESCAPE_LENGTH = 7; // _xHHHH_

    private ClixmlStrings() {
    }

    /** Decodes every {@code _xHHHH_}; anything else (short forms, bad digits) stays as written. */
    public static String decode(String s) {
        int at = s.indexOf("_x");
        if (at < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int from = 0;
        while (at >= 0) {
            if (isEscape(s, at)) {
                out.append(s, from, at).append((char) Integer.parseInt(s.substring(at + 2, at + 6), 16));
                from = at + ESCAPE_LENGTH;
                at = s.indexOf("_x", from);
            } else {
                at = s.indexOf("_x", at + 1);
            }
        }
        return out.append(s, from, s.length()).toString();
    }

    /** Encodes for writing: control characters, each surrogate unit, U+FFFE/U+FFFF, and underscores that start an escape. */
    public static String encode(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // U+FFFE and U+FFFF are no XML characters either: escaped, they survive the document
            boolean escape = Character.isISOControl(c) || Character.isSurrogate(c) || c >= '\uFFFE'
                    || (c == '_' && isEscape(s, i));
            if (escape && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (escape) {
                out.append(String.format("_x%04X_", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** True when {@code s} holds {@code _xHHHH_} at {@code at}. */
    private static boolean isEscape(String s, int at) {
        if (at + ESCAPE_LENGTH > s.length() || s.charAt(at) != '_' || s.charAt(at + 1) != 'x' || s.charAt(at + 6) != '_') {
            return false;
        }
        for (int i = at + 2; i < at + 6; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false; // ASCII hex only: Character.digit would also accept other scripts' digits
            }
        }
        return true;
    }
}
