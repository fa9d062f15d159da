package dev.tapdeck.recorder.redact;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What an NTLM token in an Authorization or WWW-Authenticate value may show once redacted: its message type
 * and, for an AUTHENTICATE, the domain and user ([MS-NLMP] 2.2.1.3), which say who ran the commands (audit).
 * A minimal, bounded reader standing in for {@code dev.tapdeck.protocol.ntlm.AuthHeaderTokens} until that is
 * merged: it finds the NTLMSSP signature in a raw or SPNEGO-wrapped token and reads only the two payload fields;
 * anything out of bounds gives the message type alone. Never throws.
 */
final class NtlmTokens {
    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    /** [MS-NLMP] 2.2.2.5: NTLMSSP_NEGOTIATE_UNICODE. */
    private static final int NEGOTIATE_UNICODE = 0x00000001;
    /** Longest domain or user name shown, in bytes. */
    private static final int MAX_NAME_BYTES = 512;

    private NtlmTokens() {
    }

    /** {@code NTLM AUTHENTICATE user=DOMAIN&#92;user}, {@code NTLM CHALLENGE}…, or empty when not NTLM. */
    static Optional<String> describe(String token68) {
        byte[] token;
        try {
            token = Base64.getDecoder().decode(token68.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int at = indexOf(token, SIGNATURE);
        if (at < 0 || token.length < at + 12) {
            return Optional.empty();
        }
        int type = int32(token, at + 8);
        switch (type) {
            case 1:
                return Optional.of("NTLM NEGOTIATE");
            case 2:
                return Optional.of("NTLM CHALLENGE");
            case 3:
                return Optional.of(authenticate(token, at));
            default:
                return Optional.of("NTLM message type " + type);
        }
    }

    private static String authenticate(byte[] t, int at) {
        // [MS-NLMP] 2.2.1.3: DomainNameFields at 28, UserNameFields at 36, NegotiateFlags at 60
        if (t.length < at + 64) {
            return "NTLM AUTHENTICATE";
        }
        Charset cs = (int32(t, at + 60) & NEGOTIATE_UNICODE) != 0 ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1;
        String domain = field(t, at, 28, cs);
        String user = field(t, at, 36, cs);
        if (user == null) {
            return "NTLM AUTHENTICATE";
        }
        return "NTLM AUTHENTICATE user=" + (domain == null || domain.isEmpty() ? "" : domain + "\\") + user;
    }

    /** A payload field (Len, MaxLen, BufferOffset from the message start), null when out of bounds. */
    private static String field(byte[] t, int at, int fieldsOffset, Charset cs) {
        int len = (t[at + fieldsOffset] & 0xFF) | (t[at + fieldsOffset + 1] & 0xFF) << 8;
        long offset = int32(t, at + fieldsOffset + 4) & 0xFFFFFFFFL;
        if (len > MAX_NAME_BYTES || at + offset + len > t.length) {
            return null;
        }
        String s = new String(t, (int) (at + offset), len, cs);
        // shown on a console: no control characters
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7F) ? null : s;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
