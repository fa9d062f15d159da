package dev.tapdeck.protocol.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.corpus.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthHeaderTokensTest {
    private static final String B64 = Base64.getEncoder().encodeToString(Nlmp424.AUTHENTICATE);

    @Test
    void rawNtlmUnderBothSchemes() {
        for (String scheme : new String[] {"NTLM", "Negotiate", "negotiate"}) {
            NtlmMessage m = AuthHeaderTokens.ntlmOf(scheme + " " + B64).orElseThrow();
            assertEquals("Domain\\User", ((NtlmMessage.Authenticate) m).account());
            AuthToken.NtlmToken t = assertInstanceOf(AuthToken.NtlmToken.class, AuthHeaderTokens.read(scheme + " " + B64));
            assertEquals(false, t.spnego());
        }
    }

    @Test
    void spnegoNegTokenRespAroundAuthenticate() {
        // [RFC 4178] 4.2.2: a1 { 30 { a2 { 04 <AUTHENTICATE> } } } as Windows clients send the third leg
        byte[] token = der(0xa1, der(0x30, der(0xa2, der(0x04, Nlmp424.AUTHENTICATE))));
        AuthToken t = AuthHeaderTokens.read("Negotiate " + Base64.getEncoder().encodeToString(token));
        AuthToken.NtlmToken n = assertInstanceOf(AuthToken.NtlmToken.class, t);
        assertTrue(n.spnego());
        assertEquals("User", ((NtlmMessage.Authenticate) n.message()).userName());
        for (int len = 0; len < token.length; len++) {
            // every truncation is reported, never thrown
            AuthToken cut = AuthHeaderTokens.read("Negotiate " + Base64.getEncoder().encodeToString(Arrays.copyOf(token, len)));
            assertTrue(cut instanceof AuthToken.Malformed || cut instanceof AuthToken.NoToken, len + ": " + cut);
        }
    }

    @Test
    void spnegoNegTokenInitWithNtlmMechToken() {
        byte[] oidSpnego = Nlmp424.hex("2b0601050502");
        byte[] oidNtlm = Nlmp424.hex("2b0601040182370202 0a");
        byte[] init = der(0x30, concat(der(0xa0, der(0x30, der(0x06, oidNtlm))), der(0xa2, der(0x04, Nlmp424.CHALLENGE))));
        byte[] token = der(0x60, concat(der(0x06, oidSpnego), der(0xa0, init)));
        AuthToken.NtlmToken n = assertInstanceOf(AuthToken.NtlmToken.class,
            AuthHeaderTokens.read("Negotiate " + Base64.getEncoder().encodeToString(token)));
        assertInstanceOf(NtlmMessage.Challenge.class, n.message());
    }

    @Test
    void otherSchemesAndEmptyTokensCarryNoNtlm() {
        assertInstanceOf(AuthToken.NoToken.class, AuthHeaderTokens.read("Basic dXNlcjpwYXNz"));
        assertInstanceOf(AuthToken.NoToken.class, AuthHeaderTokens.read("Negotiate"));
        assertInstanceOf(AuthToken.NoToken.class, AuthHeaderTokens.read(null));
        AuthToken.Malformed m = assertInstanceOf(AuthToken.Malformed.class, AuthHeaderTokens.read("Negotiate %%%"));
        assertTrue(m.problem().contains("base64"), m.problem());
        assertTrue(AuthHeaderTokens.ntlmOf("Negotiate AAAA").isEmpty());
        String huge = "Negotiate " + "A".repeat(AuthHeaderTokens.MAX_HEADER_CHARS);
        assertTrue(((AuthToken.Malformed) AuthHeaderTokens.read(huge)).problem().contains("MAX_HEADER_CHARS"));
    }

    @Test
    void pyspnegoKerberosInitIsReportedAsAnotherMechanism() throws IOException {
        var dir = Corpus.require("ntlm/pyspnego");
        AuthToken init = AuthHeaderTokens.readToken("Negotiate",
            Files.readAllBytes(dir.resolve("initial_context_token_neg_token_init")));
        AuthToken.OtherMechanism o = assertInstanceOf(AuthToken.OtherMechanism.class, init);
        assertEquals(SpnegoToken.KERBEROS_OID, o.mechanism());
        AuthToken resp = AuthHeaderTokens.readToken("Negotiate", Files.readAllBytes(dir.resolve("neg_token_resp")));
        assertEquals(SpnegoToken.KERBEROS_OID, assertInstanceOf(AuthToken.OtherMechanism.class, resp).mechanism());
        // NegTokenInit2 from a server: mech list, no token
        AuthToken hints = AuthHeaderTokens.readToken("Negotiate",
            Files.readAllBytes(dir.resolve("initial_context_token_neg_token_init2")));
        assertInstanceOf(AuthToken.OtherMechanism.class, hints);
    }

    static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
