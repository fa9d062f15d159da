package dev.tapdeck.protocol.ntlm;

import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.rules.RuleText;
import dev.tapdeck.protocol.rules.Severity;

/**
 * The catalogue of message-level encryption over HTTP ([MS-WSMV] 2.2.9.1, [MS-NLMP] 3.4; protocol-notes D).
 * What Tapdeck cannot decrypt is a notice: the session is still relayed unchanged.
 */
public enum NtlmRule implements Rule {
    ENCRYPTED_BODY_MALFORMED("MS-WSMV 2.2.9.1.1", Severity.VIOLATION,
            "A multipart/encrypted body is pairs of an OriginalContent part and an octet-stream part, "
            + "each between --Encrypted Boundary lines"),
    ORIGINAL_LENGTH_MISMATCH("MS-WSMV 2.2.9.1.1.2", Severity.VIOLATION,
            "The Length of OriginalContent equals the length of the sealed data"),
    SIGNATURE_INVALID("MS-NLMP 3.4.4.2", Severity.VIOLATION,
            "The NTLMSSP_MESSAGE_SIGNATURE of a sealed message verifies with the sequence number of its direction"),
    CREDENTIALS_MISMATCH("MS-NLMP 3.3.2", Severity.NOTICE,
            "The configured password or NT hash does not produce the client's NTProofStr: sealed bodies stay encrypted"),
    NO_CREDENTIALS("MS-WSMV 2.2.9.1", Severity.NOTICE,
            "Sealed bodies of an account without configured credentials stay encrypted"),
    OTHER_MECHANISM("MS-WSMV 2.2.9.1.2, 2.2.9.1.3", Severity.NOTICE,
            "Kerberos and CredSSP sealing cannot be decrypted with a password: the bodies stay encrypted"),
    UNSUPPORTED_SECURITY("MS-NLMP 3.4.4.1", Severity.NOTICE,
            "Only NTLMv2 with extended session security is decrypted; other NTLM variants stay encrypted"),
    NO_SECURITY_CONTEXT("MS-NLMP 3.1.5.1", Severity.NOTICE,
            "A sealed body arrived on a connection whose NTLM handshake Tapdeck did not see: it stays encrypted"),
    AUTH_TOKEN_MALFORMED("RFC 4559 4, MS-NLMP 2.2.1", Severity.WARNING,
            "A Negotiate/NTLM token is base64 of a well-formed SPNEGO or NTLM message");

    private final RuleText text;

    NtlmRule(String section, Severity severity, String description) {
        this.text = new RuleText(section, severity, description);
    }

    @Override
    public String id() {
        return "NtlmRule." + name();
    }

    @Override
    public RuleText text() {
        return text;
    }
}
