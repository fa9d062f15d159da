package dev.tapdeck.protocol.ntlm;

import java.util.Arrays;

/**
 * One NTLM message ([MS-NLMP] 2.2.1) as read from an {@code Authorization} or {@code WWW-Authenticate} token.
 * Byte fields are copied in and out: a message can be shared without being altered. Absent strings are "".
 */
public sealed interface NtlmMessage {

    int negotiateFlags();

    /** NEGOTIATE_MESSAGE ([MS-NLMP] 2.2.1.1): the client's offer; domain and workstation are OEM and usually empty. */
    record Negotiate(int negotiateFlags, String domainName, String workstation) implements NtlmMessage {
    }

    /**
     * CHALLENGE_MESSAGE ([MS-NLMP] 2.2.1.2).
     *
     * @param serverChallenge the 8-byte nonce the NTLMv2 proof is computed over
     * @param targetInfo      the AV_PAIR list, as sent (empty when absent)
     */
    record Challenge(int negotiateFlags, String targetName, byte[] serverChallenge, byte[] targetInfo)
            implements NtlmMessage {
        public Challenge {
            serverChallenge = serverChallenge.clone();
            targetInfo = targetInfo.clone();
        }

        @Override
        public byte[] serverChallenge() {
            return serverChallenge.clone();
        }

        @Override
        public byte[] targetInfo() {
            return targetInfo.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Challenge c && c.negotiateFlags == negotiateFlags && c.targetName.equals(targetName)
                && Arrays.equals(c.serverChallenge, serverChallenge) && Arrays.equals(c.targetInfo, targetInfo);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(serverChallenge) + negotiateFlags;
        }

        @Override
        public String toString() {
            return "Challenge[" + NtlmFlags.describe(negotiateFlags) + ", targetName=" + targetName + "]";
        }
    }

    /**
     * AUTHENTICATE_MESSAGE ([MS-NLMP] 2.2.1.3). {@link #toString()} names the account only: the responses and the
     * key are secrets-derived and stay out of logs.
     *
     * @param ntChallengeResponse       NTLMv2: NTProofStr (16 bytes) followed by the client blob ([MS-NLMP] 2.2.2.8)
     * @param encryptedRandomSessionKey empty unless NTLMSSP_NEGOTIATE_KEY_EXCH
     * @param mic                       the 16-byte MIC, or empty when the message has no room for it
     */
    record Authenticate(byte[] lmChallengeResponse, byte[] ntChallengeResponse, String domainName, String userName,
                        String workstation, byte[] encryptedRandomSessionKey, int negotiateFlags, byte[] mic)
            implements NtlmMessage {
        public Authenticate {
            lmChallengeResponse = lmChallengeResponse.clone();
            ntChallengeResponse = ntChallengeResponse.clone();
            encryptedRandomSessionKey = encryptedRandomSessionKey.clone();
            mic = mic.clone();
        }

        /** {@code DOMAIN\\user}, or {@code user} alone when the domain is empty (a local account). */
        public String account() {
            return domainName.isEmpty() ? userName : domainName + "\\" + userName;
        }

        /** The first 16 bytes of an NTLMv2 NtChallengeResponse ([MS-NLMP] 3.3.2); empty for NTLMv1 (24 bytes). */
        public byte[] ntProofStr() {
            return ntChallengeResponse.length > 24 ? Arrays.copyOf(ntChallengeResponse, 16) : new byte[0];
        }

        /** NTLMv2 responses are longer than the 24 bytes of NTLMv1 ([MS-NLMP] 2.2.2.6, 2.2.2.8). */
        public boolean isNtlmV2() {
            return ntChallengeResponse.length > 24;
        }

        @Override
        public byte[] lmChallengeResponse() {
            return lmChallengeResponse.clone();
        }

        @Override
        public byte[] ntChallengeResponse() {
            return ntChallengeResponse.clone();
        }

        @Override
        public byte[] encryptedRandomSessionKey() {
            return encryptedRandomSessionKey.clone();
        }

        @Override
        public byte[] mic() {
            return mic.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Authenticate a && a.negotiateFlags == negotiateFlags && a.domainName.equals(domainName)
                && a.userName.equals(userName) && a.workstation.equals(workstation)
                && Arrays.equals(a.lmChallengeResponse, lmChallengeResponse)
                && Arrays.equals(a.ntChallengeResponse, ntChallengeResponse)
                && Arrays.equals(a.encryptedRandomSessionKey, encryptedRandomSessionKey) && Arrays.equals(a.mic, mic);
        }

        @Override
        public int hashCode() {
            return 31 * account().hashCode() + negotiateFlags;
        }

        @Override
        public String toString() {
            return "Authenticate[" + account() + ", workstation=" + workstation + ", " + NtlmFlags.describe(negotiateFlags)
                + ", ntlmv2=" + isNtlmV2() + "]";
        }
    }
}
