package dev.tapdeck.protocol.ntlm;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the GSS token of an HTTP {@code Authorization} or {@code WWW-Authenticate} value ([RFC 4559] 4:
 * {@code Negotiate <base64>}; also the older {@code NTLM <base64>}). The token may be raw NTLMSSP (pywinrm) or
 * SPNEGO-wrapped (Windows SSPI clients; protocol-notes D.1). Never throws: hostile input gives
 * {@link AuthToken.Malformed}.
 */
public final class AuthHeaderTokens {
    /** Longest header value read (base64 of {@link NtlmMessageReader#MAX_TOKEN_BYTES}, rounded up). */
    public static final int MAX_HEADER_CHARS = 96 * 1024;

    private AuthHeaderTokens() {
    }

    /** The NTLM message in the header value, if there is a well-formed one (raw or SPNEGO-wrapped). */
    public static Optional<NtlmMessage> ntlmOf(String headerValue) {
        AuthToken token = read(headerValue);
        return token instanceof AuthToken.NtlmToken n ? Optional.of(n.message()) : Optional.empty();
    }

    public static AuthToken read(String headerValue) {
        if (headerValue == null) {
            return new AuthToken.NoToken("");
        }
        String value = headerValue.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String rest = space < 0 ? "" : value.substring(space + 1).strip();
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("negotiate") && !lower.equals("ntlm") && !lower.equals("kerberos")) {
            return new AuthToken.NoToken(scheme);
        }
        if (rest.isEmpty()) {
            return new AuthToken.NoToken(scheme);
        }
        if (value.length() > MAX_HEADER_CHARS) {
            return new AuthToken.Malformed(scheme, "header value of " + value.length()
                + " characters exceeds MAX_HEADER_CHARS " + MAX_HEADER_CHARS);
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(rest);
        } catch (IllegalArgumentException e) {
            return new AuthToken.Malformed(scheme, "token is not base64 ([RFC 4559] 4): " + e.getMessage());
        }
        return readToken(scheme, token);
    }

    /** Reads a decoded GSS token: raw NTLMSSP, or SPNEGO around NTLMSSP or another mechanism. */
    public static AuthToken readToken(String scheme, byte[] token) {
        if (NtlmMessageReader.isNtlm(token)) {
            return ntlm(scheme, false, token);
        }
        if (!SpnegoToken.looksLikeSpnego(token)) {
            return new AuthToken.Malformed(scheme, "token is neither NTLMSSP nor SPNEGO (first byte 0x"
                + (token.length == 0 ? "--" : Integer.toHexString(token[0] & 0xff)) + ")");
        }
        SpnegoToken.Unwrapped unwrapped;
        try {
            unwrapped = SpnegoToken.unwrap(token);
        } catch (DerReader.DerException e) {
            return new AuthToken.Malformed(scheme, "SPNEGO ([RFC 4178] 4.2): " + e.getMessage());
        }
        byte[] inner = unwrapped.innerToken();
        if (inner != null && NtlmMessageReader.isNtlm(inner)) {
            return ntlm(scheme, true, inner);
        }
        List<String> mechs = unwrapped.mechanisms();
        String mech = mechs.isEmpty() ? null : mechs.get(0);
        if (inner == null && (mech == null || mech.equals(SpnegoToken.NTLMSSP_OID))) {
            // e.g. the final NegTokenResp accept-completed carrying only a mechListMIC
            return new AuthToken.NoToken(scheme);
        }
        return new AuthToken.OtherMechanism(scheme, mech == null ? "unknown" : mech);
    }

    private static AuthToken ntlm(String scheme, boolean spnego, byte[] token) {
        NtlmParse parse = NtlmMessageReader.read(token);
        if (parse instanceof NtlmParse.Parsed p) {
            return new AuthToken.NtlmToken(scheme, spnego, p.message());
        }
        return new AuthToken.Malformed(scheme, ((NtlmParse.Malformed) parse).problem());
    }
}
