package dev.tapdeck.protocol.ntlm;

/** The {@code protocol} of a multipart/encrypted body ([MS-WSMV] 2.2.9.1): who sealed it. */
public enum SealingProtocol {
    /** NTLM or Kerberos under Negotiate ([MS-WSMV] 2.2.9.1.1); pywinrm also uses it for Kerberos. */
    SPNEGO("application/HTTP-SPNEGO-session-encrypted"),
    KERBEROS("application/HTTP-Kerberos-session-encrypted"),
    /** [MS-WSMV] 2.2.9.1.3: the 4-byte field is the TLS trailer length; bodies over 16 KiB use multipart/x-multi-encrypted. */
    CREDSSP("application/HTTP-CredSSP-session-encrypted");

    private final String mediaType;

    SealingProtocol(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The protocol named by a media type (case-insensitive), or null. */
    public static SealingProtocol of(String mediaType) {
        for (SealingProtocol p : values()) {
            if (p.mediaType.equalsIgnoreCase(mediaType == null ? "" : mediaType.strip())) {
                return p;
            }
        }
        return null;
    }
}
