package dev.tapdeck.protocol.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.corpus.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NtlmMessageReaderTest {

    private static NtlmMessage parsed(byte[] token) {
        NtlmParse p = NtlmMessageReader.read(token);
        assertInstanceOf(NtlmParse.Parsed.class, p, () -> p.toString());
        return ((NtlmParse.Parsed) p).message();
    }

    @Test
    void readsTheSpecChallenge() {
        NtlmMessage.Challenge c = assertInstanceOf(NtlmMessage.Challenge.class, parsed(Nlmp424.CHALLENGE));
        assertEquals(Nlmp424.FLAGS, c.negotiateFlags());
        assertEquals("Server", c.targetName());
        assertArrayEquals(Nlmp424.hex("0123456789abcdef"), c.serverChallenge());
        assertEquals(36, c.targetInfo().length);
    }

    @Test
    void readsTheSpecAuthenticate() {
        NtlmMessage.Authenticate a = assertInstanceOf(NtlmMessage.Authenticate.class, parsed(Nlmp424.AUTHENTICATE));
        assertEquals("Domain", a.domainName());
        assertEquals("User", a.userName());
        assertEquals("COMPUTER", a.workstation());
        assertEquals("Domain\\User", a.account());
        assertEquals(0xE2888235, a.negotiateFlags());
        assertArrayEquals(Nlmp424.ENCRYPTED_RANDOM_SESSION_KEY, a.encryptedRandomSessionKey());
        assertArrayEquals(Nlmp424.NT_PROOF_STR, a.ntProofStr());
        assertEquals(24, a.lmChallengeResponse().length);
        assertEquals(84, a.ntChallengeResponse().length);
        assertEquals(0, a.mic().length, "payload starts at 72: no room for a MIC");
        assertTrue(a.isNtlmV2());
        assertFalse(a.toString().contains("68cd"), "toString names the account, not the response");
    }

    @Test
    void everyTruncationIsMalformedOrShorterNeverAnException() {
        for (byte[] full : new byte[][] {Nlmp424.CHALLENGE, Nlmp424.AUTHENTICATE}) {
            for (int len = 0; len < full.length; len++) {
                NtlmParse p = NtlmMessageReader.read(Arrays.copyOf(full, len));
                if (len < 64 && full == Nlmp424.AUTHENTICATE) {
                    assertInstanceOf(NtlmParse.Malformed.class, p, "length " + len);
                }
            }
        }
    }

    @Test
    void anOffsetOutsideTheTokenIsNamed() {
        byte[] t = Nlmp424.AUTHENTICATE.clone();
        t[36 + 4] = (byte) 0xf0; // UserNameFields offset -> 0xf0 + 8 > 232
        NtlmParse p = NtlmMessageReader.read(t);
        NtlmParse.Malformed m = assertInstanceOf(NtlmParse.Malformed.class, p);
        assertTrue(m.problem().contains("UserName"), m.problem());
        t = Nlmp424.AUTHENTICATE.clone();
        t[36 + 7] = (byte) 0xff; // offset beyond 2^31: must not wrap to a negative int
        assertInstanceOf(NtlmParse.Malformed.class, NtlmMessageReader.read(t));
    }

    @Test
    void unknownTypeAndOversizeAreRejected() {
        byte[] t = Nlmp424.CHALLENGE.clone();
        t[8] = 9;
        assertTrue(((NtlmParse.Malformed) NtlmMessageReader.read(t)).problem().contains("MessageType 9"));
        byte[] big = Arrays.copyOf(Nlmp424.CHALLENGE, NtlmMessageReader.MAX_TOKEN_BYTES + 1);
        assertTrue(((NtlmParse.Malformed) NtlmMessageReader.read(big)).problem().contains("MAX_TOKEN_BYTES"));
    }

    @Test
    void readsThePyspnegoTokens() throws IOException {
        var dir = Corpus.require("ntlm/pyspnego");
        NtlmMessage.Negotiate n = assertInstanceOf(NtlmMessage.Negotiate.class,
            parsed(Files.readAllBytes(dir.resolve("ntlm_negotiate"))));
        assertEquals(0xE20882B7, n.negotiateFlags());
        NtlmMessage.Challenge c = assertInstanceOf(NtlmMessage.Challenge.class,
            parsed(Files.readAllBytes(dir.resolve("ntlm_challenge"))));
        assertEquals("DOMAIN", c.targetName());
        NtlmMessage.Authenticate a = assertInstanceOf(NtlmMessage.Authenticate.class,
            parsed(Files.readAllBytes(dir.resolve("ntlm_authenticate"))));
        assertEquals(0, a.mic().length, "payload starts at 72 (0x48): no MIC");
        assertFalse(a.userName().isEmpty());
        NtlmMessage.Authenticate plain = assertInstanceOf(NtlmMessage.Authenticate.class,
            parsed(Files.readAllBytes(dir.resolve("ntlm_authenticate_no_sign_seal"))));
        assertFalse(NtlmFlags.has(plain.negotiateFlags(), NtlmFlags.NTLMSSP_NEGOTIATE_SEAL));
        assertEquals(16, plain.mic().length, "payload starts at 88 (0x58): Version and MIC present");
    }
}
