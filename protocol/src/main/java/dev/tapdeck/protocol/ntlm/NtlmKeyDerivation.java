package dev.tapdeck.protocol.ntlm;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * From an AUTHENTICATE_MESSAGE and the account's NT hash to the session security of the connection, as a
 * passive observer (protocol-notes D.3; [MS-NLMP] 3.2.5.1.2 as the server computes it). When the CHALLENGE
 * was seen too, the NTProofStr is recomputed first: a mismatch proves the configured password is wrong
 * before any sealed message is tried.
 */
public final class NtlmKeyDerivation {

    private NtlmKeyDerivation() {
    }

    /** What derivation gave. */
    public sealed interface Outcome {
    }

    /** @param passwordVerified true when the CHALLENGE was seen and the NTProofStr matched */
    public record KeysDerived(NtlmSealing sealing, boolean passwordVerified) implements Outcome {
    }

    /** @param reason why no keys: wrong password, NTLMv1, no sealing, ... (a sentence with a spec citation) */
    public record KeysUnavailable(Reason kind, String reason) implements Outcome {
    }

    public enum Reason {
        WRONG_CREDENTIALS,
        UNSUPPORTED
    }

    /**
     * @param challenge the CHALLENGE of the same connection, or null when it was not seen
     */
    public static Outcome derive(NtlmCredentials credentials, NtlmMessage.Authenticate auth, NtlmMessage.Challenge challenge) {
        int flags = auth.negotiateFlags();
        if (!auth.isNtlmV2()) {
            return new KeysUnavailable(Reason.UNSUPPORTED, "NTLMv1 response (" + auth.ntChallengeResponse().length
                + " bytes): only NTLMv2 keys are derived ([MS-NLMP] 3.3.2)");
        }
        if (!NtlmSealing.supports(flags)) {
            return new KeysUnavailable(Reason.UNSUPPORTED, "negotiated " + NtlmFlags.describe(flags)
                + ": sealing needs SEAL with EXTENDED_SESSIONSECURITY ([MS-NLMP] 3.4.4.2)");
        }
        // [MS-NLMP] 3.3.2: NTOWFv2 uses the user and domain as the client sent them
        byte[] responseKeyNt = NtlmCrypto.ntowfV2(credentials.ntHash(), auth.userName(), auth.domainName());
        byte[] nt = auth.ntChallengeResponse();
        byte[] ntProofStr = Arrays.copyOf(nt, 16);
        boolean verified = false;
        if (challenge != null) {
            byte[] temp = Arrays.copyOfRange(nt, 16, nt.length);
            byte[] expected = NtlmCrypto.ntProofStr(responseKeyNt, challenge.serverChallenge(), temp);
            if (!MessageDigest.isEqual(expected, ntProofStr)) {
                return new KeysUnavailable(Reason.WRONG_CREDENTIALS, "the NTProofStr of " + auth.account()
                    + " does not match the configured password or NT hash ([MS-NLMP] 3.3.2)");
            }
            verified = true;
        }
        byte[] keyExchangeKey = NtlmCrypto.sessionBaseKey(responseKeyNt, ntProofStr);
        byte[] exported = NtlmCrypto.exportedSessionKey(flags, keyExchangeKey, auth.encryptedRandomSessionKey());
        return new KeysDerived(new NtlmSealing(flags, exported), verified);
    }
}
