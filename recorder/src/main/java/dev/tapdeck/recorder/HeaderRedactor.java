package dev.tapdeck.recorder;

import dev.tapdeck.recorder.redact.RedactionKind;
import dev.tapdeck.recorder.redact.RedactionPolicy;
import dev.tapdeck.recorder.redact.Redactions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Redacts secrets in HTTP heads before they reach a recording or a console. Authorization and
 * WWW-Authenticate values keep their scheme (Basic, Negotiate, NTLM, Kerberos) and who authenticated (the
 * Basic user, the NTLM domain and user) and lose the credentials to a stable placeholder
 * ({@link dev.tapdeck.recorder.redact.Placeholders}): {@code Basic user=vagrant password=tapdeck-redacted-1},
 * {@code Negotiate tapdeck-redacted-2 (NTLM AUTHENTICATE user=DOM\vagrant)}. Cookies and the headers the user
 * names are replaced whole.
 */
public final class HeaderRedactor {
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization",
            "www-authenticate", "proxy-authenticate");
    private static final Set<String> COOKIE_HEADERS = Set.of("cookie", "set-cookie");

    private final RedactionPolicy policy;
    private final Redactions redactions;

    /** A redactor with its own placeholders (one head at a time; sessions use {@link dev.tapdeck.recorder.redact.SessionRedactor}). */
    public HeaderRedactor(boolean enabled) {
        this(enabled ? RedactionPolicy.DEFAULT : RedactionPolicy.NONE, new Redactions());
    }

    public HeaderRedactor(RedactionPolicy policy, Redactions redactions) {
        this.policy = policy;
        this.redactions = redactions;
    }

    public boolean enabled() {
        return policy.enabled();
    }

    public HttpHead redact(HttpHead head) {
        if (!policy.enabled() || head == null) {
            return head;
        }
        List<Map.Entry<String, String>> headers = head.headers().stream()
                .map(e -> Map.entry(e.getKey(), redactValue(e.getKey(), e.getValue())))
                .toList();
        return new HttpHead(head.method(), head.uri(), head.status(), head.version(), headers);
    }

    /** The value as it may be shown: scheme and who kept, credentials replaced by their placeholder. */
    public String redactValue(String name, String value) {
        if (!policy.enabled() || value == null) {
            return value;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (CREDENTIAL_HEADERS.contains(lower)) {
            return credential(value.trim());
        }
        if (COOKIE_HEADERS.contains(lower)) {
            return redactions.replace(RedactionKind.COOKIE, value);
        }
        if (policy.headers().contains(lower)) {
            return redactions.replace(RedactionKind.HEADER, value);
        }
        return value;
    }

    private String credential(String v) {
        int space = v.indexOf(' ');
        if (space < 0) {
            return v; // a bare scheme ("Negotiate") carries no secret
        }
        String scheme = v.substring(0, space);
        String token = v.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded = basicDecoded(token);
            int colon = decoded == null ? -1 : decoded.indexOf(':');
            if (colon >= 0) {
                // the Basic user name is who ran the commands (audit); the password never leaves
                return scheme + " user=" + decoded.substring(0, colon) + " password="
                        + redactions.replace(RedactionKind.BASIC_PASSWORD, decoded.substring(colon + 1));
            }
        }
        String placeholder = redactions.replace(RedactionKind.AUTHORIZATION, token);
        return scheme + " " + placeholder + dev.tapdeck.recorder.redact.SessionRedactor.ntlmSummary(token)
                .map(s -> " (" + s + ")").orElse("");
    }

    /** The user name of a Basic credential, or null when it does not decode. */
    public static String basicUser(String token) {
        String decoded = basicDecoded(token);
        int colon = decoded == null ? -1 : decoded.indexOf(':');
        return colon < 0 ? null : decoded.substring(0, colon);
    }

    private static String basicDecoded(String token) {
        try {
            return new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
