package dev.tapdeck.samples.winrm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * HTTP Basic authentication (RFC 7617) as the emulated WinRM listener does it. Credentials are compared in
 * constant time and never kept or logged; only the user name leaves this class, as the shell owner.
 */
final class BasicAuth {
    /** What Windows puts in the challenge for Basic. */
    static final String CHALLENGE = "Basic realm=\"WSMAN\"";

    private final byte[] expected;

    /** @param user null to accept any credentials, or none */
    BasicAuth(String user, String password) {
        this.expected = user == null ? null : (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a request with this {@code Authorization} header value may pass. */
    boolean accepts(String authorization) {
        if (expected == null) {
            return true;
        }
        byte[] given = decode(authorization);
        return given != null && MessageDigest.isEqual(given, expected);
    }

    /** The user name of a Basic header, or null when there is none or it cannot be read. */
    static String userName(String authorization) {
        byte[] decoded = decode(authorization);
        if (decoded == null) {
            return null;
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? null : pair.substring(0, colon);
    }

    private static byte[] decode(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
