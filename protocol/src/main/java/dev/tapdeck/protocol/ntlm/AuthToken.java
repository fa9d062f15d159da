package dev.tapdeck.protocol.ntlm;

/**
 * What an {@code Authorization} / {@code WWW-Authenticate} header value carried, as read by
 * {@link AuthHeaderTokens#read}. {@code scheme} is the HTTP scheme as sent ("Negotiate", "NTLM", "Kerberos", "Basic").
 */
public sealed interface AuthToken {

    String scheme();

    /** An NTLM message, raw ({@code spnego == false}) or unwrapped from SPNEGO. */
    record NtlmToken(String scheme, boolean spnego, NtlmMessage message) implements AuthToken {
    }

    /**
     * Another GSS mechanism (Kerberos, usually): Tapdeck cannot derive its keys, so sealed bodies stay encrypted.
     *
     * @param mechanism the mechanism OID, e.g. {@link SpnegoToken#KERBEROS_OID}
     */
    record OtherMechanism(String scheme, String mechanism) implements AuthToken {
    }

    /** A scheme without a GSS token (Basic, Digest, "Negotiate" alone, a final SPNEGO accept without a token). */
    record NoToken(String scheme) implements AuthToken {
    }

    /** @param problem a sentence naming what was wrong (base64, DER, NTLM field) */
    record Malformed(String scheme, String problem) implements AuthToken {
    }
}
