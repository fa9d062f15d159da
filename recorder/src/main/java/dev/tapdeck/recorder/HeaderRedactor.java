package dev.tapdeck.recorder;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Redacts secrets in HTTP heads before they reach a recording or a console: Authorization and
 * WWW-Authenticate values keep their scheme (Basic, Negotiate, NTLM, Kerberos) and lose the credentials
 * (brief: secrets never reach a log or a recording in clear unless the user asks for it).
 */
public final class HeaderRedactor {
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization",
            "www-authenticate", "proxy-authenticate");
    private static final Set<String> OPAQUE_HEADERS = Set.of("cookie", "set-cookie");

    private final boolean enabled;

    public HeaderRedactor(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public HttpHead redact(HttpHead head) {
        if (!enabled) {
            return head;
        }
        List<Map.Entry<String, String>> headers = head.headers().stream()
                .map(e -> Map.entry(e.getKey(), redactValue(e.getKey(), e.getValue())))
                .toList();
        return new HttpHead(head.method(), head.uri(), head.status(), head.version(), headers);
    }

    /** The value as it may be shown: scheme kept, credentials replaced by their length. */
    public String redactValue(String name, String value) {
        if (!enabled || value == null) {
            return value;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (CREDENTIAL_HEADERS.contains(lower)) {
            String v = value.trim();
            int space = v.indexOf(' ');
            if (space < 0) {
                return v; // a bare scheme ("Negotiate") carries no secret
            }
            String scheme = v.substring(0, space);
            String user = scheme.equalsIgnoreCase("Basic") ? basicUser(v.substring(space + 1).trim()) : null;
            // the Basic user name is who ran the commands (audit); the password never leaves
            return scheme + (user == null ? "" : " user=" + user) + " <redacted " + (v.length() - space - 1) + " chars>";
        }
        if (OPAQUE_HEADERS.contains(lower)) {
            return "<redacted " + value.length() + " chars>";
        }
        return value;
    }

    /** The user name of a Basic credential, or null when it does not decode. */
    public static String basicUser(String token) {
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
