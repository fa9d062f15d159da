package dev.tapdeck.protocol.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.ws.Direction;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** [MS-NLMP] 4.2.4 (protocol-notes D.4): every intermediate value, then the whole chain from the messages. */
class NlmpTestVectorsTest {
    private static final byte[] NT_HASH = NtlmCrypto.ntowfV1(Nlmp424.PASSWORD);

    @Test
    void keyDerivationValues() {
        assertArrayEquals(Nlmp424.NTOWF_V1, NT_HASH);
        byte[] v2 = NtlmCrypto.ntowfV2(NT_HASH, Nlmp424.USER, Nlmp424.DOMAIN);
        assertArrayEquals(Nlmp424.NTOWF_V2, v2);
        assertArrayEquals(Nlmp424.SESSION_BASE_KEY, NtlmCrypto.sessionBaseKey(v2, Nlmp424.NT_PROOF_STR));
        assertArrayEquals(Nlmp424.ENCRYPTED_RANDOM_SESSION_KEY, NtlmCrypto.rc4k(Nlmp424.SESSION_BASE_KEY, Nlmp424.RANDOM_SESSION_KEY));
        assertArrayEquals(Nlmp424.RANDOM_SESSION_KEY,
            NtlmCrypto.exportedSessionKey(Nlmp424.FLAGS, Nlmp424.SESSION_BASE_KEY, Nlmp424.ENCRYPTED_RANDOM_SESSION_KEY));
        assertArrayEquals(Nlmp424.SEAL_KEY_C2S, NtlmCrypto.sealKey(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY, Direction.CLIENT_TO_SERVER));
        assertArrayEquals(Nlmp424.SEAL_KEY_S2C, NtlmCrypto.sealKey(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY, Direction.SERVER_TO_CLIENT));
        assertArrayEquals(Nlmp424.SIGN_KEY_C2S, NtlmCrypto.signKey(Nlmp424.RANDOM_SESSION_KEY, Direction.CLIENT_TO_SERVER));
        assertArrayEquals(Nlmp424.SIGN_KEY_S2C, NtlmCrypto.signKey(Nlmp424.RANDOM_SESSION_KEY, Direction.SERVER_TO_CLIENT));
    }

    @Test
    void ntProofStrFromTheChallengeAndTemp() {
        byte[] v2 = NtlmCrypto.ntowfV2(NT_HASH, Nlmp424.USER, Nlmp424.DOMAIN);
        NtlmMessage.Authenticate a = authenticate();
        byte[] nt = a.ntChallengeResponse();
        byte[] temp = Arrays.copyOfRange(nt, 16, nt.length);
        assertArrayEquals(Nlmp424.NT_PROOF_STR, NtlmCrypto.ntProofStr(v2, Nlmp424.hex("0123456789abcdef"), temp));
    }

    @Test
    void wrapExSealsThePlaintextAsTheSpecShows() {
        NtlmSealing s = new NtlmSealing(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY);
        NtlmSealing.Sealed sealed = s.seal(Direction.CLIENT_TO_SERVER, Nlmp424.PLAINTEXT);
        assertArrayEquals(Nlmp424.SEALED, sealed.ciphertext());
        assertArrayEquals(Nlmp424.SIGNATURE, sealed.signature());
    }

    @Test
    void wholeChainFromTheMessagesAndThePassword() {
        NtlmCredentials creds = NtlmCredentials.ofPassword("user", "", Nlmp424.PASSWORD.toCharArray());
        NtlmMessage.Challenge challenge = (NtlmMessage.Challenge) ((NtlmParse.Parsed) NtlmMessageReader.read(Nlmp424.CHALLENGE)).message();
        // the spec's AUTHENTICATE carries flags 0xE2888235; the 4.2.4.4 example seals with the challenge flags
        // (KEY_EXCH|SEAL|ESS|128 in both): the derived keys are the same
        NtlmKeyDerivation.KeysDerived keys = assertInstanceOf(NtlmKeyDerivation.KeysDerived.class,
            NtlmKeyDerivation.derive(creds, authenticate(), challenge));
        assertTrue(keys.passwordVerified());
        NtlmSealing.Unsealed u = keys.sealing().unseal(Direction.CLIENT_TO_SERVER, Nlmp424.SIGNATURE, Nlmp424.SEALED);
        assertArrayEquals(Nlmp424.PLAINTEXT, u.plaintext());
        assertTrue(u.signatureValid());
        assertEquals(0, u.seqNum());
    }

    @Test
    void aWrongPasswordIsCaughtByTheProofAndWithoutTheChallengeByTheSignature() {
        NtlmCredentials wrong = NtlmCredentials.ofPassword("User", "Domain", "Passw0rd".toCharArray());
        NtlmMessage.Challenge challenge = (NtlmMessage.Challenge) ((NtlmParse.Parsed) NtlmMessageReader.read(Nlmp424.CHALLENGE)).message();
        NtlmKeyDerivation.KeysUnavailable no = assertInstanceOf(NtlmKeyDerivation.KeysUnavailable.class,
            NtlmKeyDerivation.derive(wrong, authenticate(), challenge));
        assertEquals(NtlmKeyDerivation.Reason.WRONG_CREDENTIALS, no.kind());
        NtlmKeyDerivation.KeysDerived blind = assertInstanceOf(NtlmKeyDerivation.KeysDerived.class,
            NtlmKeyDerivation.derive(wrong, authenticate(), null));
        assertFalse(blind.passwordVerified());
        assertFalse(blind.sealing().unseal(Direction.CLIENT_TO_SERVER, Nlmp424.SIGNATURE, Nlmp424.SEALED).signatureValid());
    }

    @Test
    void rc4StatePersistsAcrossMessagesAndSequenceNumbersAdvance() {
        NtlmSealing client = new NtlmSealing(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY);
        NtlmSealing observer = new NtlmSealing(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY);
        for (int i = 0; i < 3; i++) {
            byte[] msg = ("message " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            NtlmSealing.Sealed s = client.seal(Direction.SERVER_TO_CLIENT, msg);
            assertEquals(i, s.signature()[12]);
            NtlmSealing.Unsealed u = observer.unseal(Direction.SERVER_TO_CLIENT, s.signature(), s.ciphertext());
            assertArrayEquals(msg, u.plaintext());
            assertTrue(u.signatureValid(), "message " + i);
        }
        // a message missed by the observer desynchronises the direction
        client.seal(Direction.SERVER_TO_CLIENT, new byte[10]);
        NtlmSealing.Sealed next = client.seal(Direction.SERVER_TO_CLIENT, new byte[10]);
        assertFalse(observer.unseal(Direction.SERVER_TO_CLIENT, next.signature(), next.ciphertext()).signatureValid());
    }

    @Test
    void credentialsNeverPrintTheHash() {
        NtlmCredentials c = NtlmCredentials.ofNtHash("vagrant", "", "e02bc503339d51f71d913c245d35b50b");
        assertFalse(c.toString().contains("e02b"));
        assertTrue(c.matches(authenticateAs("VAGRANT", "WHATEVER")));
        assertFalse(c.matches(authenticateAs("other", "")));
    }

    private static NtlmMessage.Authenticate authenticate() {
        return (NtlmMessage.Authenticate) ((NtlmParse.Parsed) NtlmMessageReader.read(Nlmp424.AUTHENTICATE)).message();
    }

    private static NtlmMessage.Authenticate authenticateAs(String user, String domain) {
        return new NtlmMessage.Authenticate(new byte[0], new byte[0], domain, user, "", new byte[0], 0, new byte[0]);
    }
}
