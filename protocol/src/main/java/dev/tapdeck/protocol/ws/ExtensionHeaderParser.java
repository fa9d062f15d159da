package dev.tapdeck.protocol.ws;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses Sec-WebSocket-Extensions per the RFC 6455 9.1 grammar:
 * <pre>
 * extension-list = 1#extension
 * extension      = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]   ; a quoted value must unescape to a token
 * </pre>
 */
final class ExtensionHeaderParser {

    /** The extensions of all field lines, or the first syntax error (then {@code extensions} is partial). */
    record Parsed(List<Extension> extensions, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final String text;
    private int pos;

    private ExtensionHeaderParser(String text) {
        this.text = text;
    }

    static Parsed parse(List<String> lines) {
        List<Extension> extensions = new ArrayList<>();
        for (String line : lines) {
            String error = new ExtensionHeaderParser(line).parseLine(extensions);
            if (error != null) {
                return new Parsed(extensions, error);
            }
        }
        return new Parsed(extensions, null);
    }

    /** RFC 7230 3.2.6 token: 1*tchar. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private String parseLine(List<Extension> into) {
        while (true) {
            skipSpace();
            String name = token();
            if (name.isEmpty()) {
                // RFC 7230 7: a sender MUST NOT generate empty list elements
                return "expected an extension name at position " + pos + " of \"" + text + "\"";
            }
            List<Extension.Param> params = new ArrayList<>();
            skipSpace();
            while (peek() == ';') {
                pos++;
                skipSpace();
                String param = token();
                if (param.isEmpty()) {
                    return "expected a parameter name at position " + pos + " of \"" + text + "\"";
                }
                skipSpace();
                String value = null;
                if (peek() == '=') {
                    pos++;
                    skipSpace();
                    value = peek() == '"' ? quoted() : token();
                    if (value == null || !isToken(value)) {
                        return "the value of " + param + " is not a token (RFC 6455 9.1) in \"" + text + "\"";
                    }
                    skipSpace();
                }
                params.add(new Extension.Param(param, value));
            }
            into.add(new Extension(name, params));
            if (pos == text.length()) {
                return null;
            }
            if (peek() != ',') {
                return "unexpected '" + peek() + "' at position " + pos + " of \"" + text + "\"";
            }
            pos++;
        }
    }

    private String token() {
        int start = pos;
        while (pos < text.length() && isTchar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** RFC 7230 3.2.6 quoted-string, unescaped; null when unterminated. */
    private String quoted() {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            value.append(c);
        }
        return null;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }
}
