package dev.tapdeck.protocol.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.ws.Direction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EncryptedBodyTest {
    private static final String SOAP = "application/soap+xml;charset=UTF-8";
    private static final byte[] PLAIN = "<s:Envelope/>".getBytes(StandardCharsets.UTF_8);

    private static byte[] sealedBody(NtlmSealing s) {
        NtlmSealing.Sealed sealed = s.seal(Direction.CLIENT_TO_SERVER, PLAIN);
        return EncryptedBody.build(SealingProtocol.SPNEGO, SOAP, PLAIN.length, sealed.signature(), sealed.ciphertext());
    }

    @Test
    void buildsWhatItSplits() {
        byte[] body = sealedBody(new NtlmSealing(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY));
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
            + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=13\r\n--Encrypted Boundary\r\n"
            + "\tContent-Type: application/octet-stream\r\n\u0010\u0000\u0000\u0000"), text);
        assertTrue(text.endsWith("--Encrypted Boundary--\r\n"));
        EncryptedBody.Split split = EncryptedBody.split(EncryptedBody.contentType(SealingProtocol.SPNEGO), body);
        assertEquals(1, split.parts().size());
        assertTrue(split.problems().isEmpty(), split.problems().toString());
        EncryptedBody.Part p = split.parts().get(0);
        assertEquals(SOAP, p.originalType());
        assertEquals(13, p.originalLength());
        assertEquals(16, p.signature().length);
        NtlmSealing observer = new NtlmSealing(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY);
        NtlmSealing.Unsealed u = observer.unseal(Direction.CLIENT_TO_SERVER, p.signature(), p.sealed());
        assertArrayEquals(PLAIN, u.plaintext());
        assertTrue(u.signatureValid());
    }

    @Test
    void aWrongLengthIsReportedAndTheDataStillCut() {
        byte[] body = sealedBody(new NtlmSealing(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY));
        String text = new String(body, StandardCharsets.ISO_8859_1).replace("Length=13", "Length=14");
        EncryptedBody.Split split = EncryptedBody.split(null, text.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(NtlmRule.ORIGINAL_LENGTH_MISMATCH, split.problems().get(0).rule());
        assertEquals(13, split.parts().get(0).sealed().length);
    }

    @Test
    void everyTruncationIsReportedNeverThrown() {
        byte[] body = sealedBody(new NtlmSealing(Nlmp424.FLAGS, Nlmp424.RANDOM_SESSION_KEY));
        for (int len = 0; len < body.length - "--\r\n".length(); len++) {
            EncryptedBody.Split split = EncryptedBody.split(null, Arrays.copyOf(body, len));
            assertFalse(split.problems().isEmpty(), "length " + len);
        }
    }

    @Test
    void kerberosSealingIsNamedNotDecrypted() {
        byte[] body = EncryptedBody.build(SealingProtocol.KERBEROS, SOAP, 3, new byte[60], new byte[3]);
        SealedConnection conn = new SealedConnection(a -> null);
        Unsealed u = conn.unseal(Direction.CLIENT_TO_SERVER, EncryptedBody.contentType(SealingProtocol.KERBEROS), body);
        assertFalse(u.decrypted());
        assertEquals(NtlmRule.OTHER_MECHANISM, u.violations().get(0).rule());
        Unsealed noContext = conn.unseal(Direction.CLIENT_TO_SERVER, null,
            EncryptedBody.build(SealingProtocol.SPNEGO, SOAP, 3, new byte[16], new byte[3]));
        assertEquals(NtlmRule.NO_SECURITY_CONTEXT, noContext.violations().get(0).rule());
    }
}
