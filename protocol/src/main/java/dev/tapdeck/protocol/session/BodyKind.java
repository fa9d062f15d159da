package dev.tapdeck.protocol.session;

import java.util.Locale;

/** How a WinRM HTTP body is handled by the tap, decided from its Content-Type and length. */
public enum BodyKind {
    /** No body: NTLM/Negotiate round trips, 401s. Nothing to decode and nothing wrong. */
    EMPTY,
    /** {@code multipart/encrypted} (NTLM, Kerberos or CredSSP sealing, [MS-WSMV] 2.2.9.1): recorded as is. */
    ENCRYPTED,
    /** A SOAP envelope to decode. */
    SOAP;

    public static BodyKind of(String contentType, int length) {
        if (length == 0) {
            return EMPTY;
        }
        if (contentType != null) {
            String ct = contentType.trim().toLowerCase(Locale.ROOT);
            if (ct.startsWith("multipart/encrypted") || ct.startsWith("multipart/x-multi-encrypted")) {
                return ENCRYPTED;
            }
        }
        return SOAP;
    }
}
