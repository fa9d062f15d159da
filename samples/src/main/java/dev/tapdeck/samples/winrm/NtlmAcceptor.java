package dev.tapdeck.samples.winrm;

import dev.tapdeck.protocol.ntlm.AuthToken;
import dev.tapdeck.protocol.ntlm.AuthHeaderTokens;
import dev.tapdeck.protocol.ntlm.EncryptedBody;
import dev.tapdeck.protocol.ntlm.NtlmChallengeWriter;
import dev.tapdeck.protocol.ntlm.NtlmCredentials;
import dev.tapdeck.protocol.ntlm.NtlmKeyDerivation;
import dev.tapdeck.protocol.ntlm.NtlmMessage;
import dev.tapdeck.protocol.ntlm.NtlmSealing;
import dev.tapdeck.protocol.ntlm.SealingProtocol;
import dev.tapdeck.protocol.ws.Direction;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;


/**
 * The server side of NTLM over HTTP for one connection, as a WinRM listener with {@code AllowUnencrypted=false}
 * does it: NEGOTIATE is answered with a CHALLENGE (401), a verified AUTHENTICATE authenticates the connection
 * ([MS-NLMP] 3.2.5.1.2), and from then on bodies travel sealed as multipart/encrypted ([MS-WSMV] 2.2.9.1.1).
 * Raw NTLMSSP tokens only (what pywinrm sends); SPNEGO-wrapped tokens are refused. Used on one event loop.
 */
final class NtlmAcceptor {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NtlmCredentials credentials;
    private final String computerName;
    private NtlmMessage.Challenge challenge;
    private NtlmSealing sealing;
    private String user;

    /** The outcome of an Authorization header: a 401 with a challenge, a refusal, or an authenticated connection. */
    record Step(int status, String wwwAuthenticate) {
        static final Step AUTHENTICATED = new Step(200, null);
        static final Step REFUSED = new Step(401, "Negotiate");
    }

    NtlmAcceptor(NtlmCredentials credentials, String computerName) {
        this.credentials = credentials;
        this.computerName = computerName;
    }

    boolean authenticated() {
        return sealing != null;
    }

    String user() {
        return user;
    }

    /** Handles an {@code Authorization} header; {@link Step#AUTHENTICATED} when the connection may proceed. */
    Step authorize(String authorization) {
        AuthToken token = AuthHeaderTokens.read(authorization);
        if (!(token instanceof AuthToken.NtlmToken n) || n.spnego()) {
            return authenticated() && authorization == null ? Step.AUTHENTICATED : Step.REFUSED;
        }
        if (n.message() instanceof NtlmMessage.Negotiate negotiate) {
            sealing = null;
            byte[] nonce = new byte[8];
            RANDOM.nextBytes(nonce);
            byte[] c = NtlmChallengeWriter.write(NtlmChallengeWriter.flagsFor(negotiate), nonce, computerName);
            challenge = (NtlmMessage.Challenge) AuthHeaderTokens.ntlmOf("NTLM " + Base64.getEncoder().encodeToString(c))
                    .orElseThrow();
            return new Step(401, n.scheme() + " " + Base64.getEncoder().encodeToString(c));
        }
        if (n.message() instanceof NtlmMessage.Authenticate a && challenge != null && credentials.matches(a)) {
            NtlmKeyDerivation.Outcome o = NtlmKeyDerivation.derive(credentials, a, challenge);
            challenge = null;
            if (o instanceof NtlmKeyDerivation.KeysDerived k && k.passwordVerified()) {
                sealing = k.sealing();
                user = a.userName();
                return Step.AUTHENTICATED;
            }
        }
        return Step.REFUSED;
    }

    /** The SOAP plaintext of a sealed request, or null when it is not sealed, malformed or its signature fails. */
    byte[] unseal(String contentType, byte[] body) {
        EncryptedBody.Split split = EncryptedBody.split(contentType, body);
        if (!split.problems().isEmpty() || split.parts().size() != 1) {
            return null;
        }
        EncryptedBody.Part p = split.parts().get(0);
        NtlmSealing.Unsealed u = sealing.unseal(Direction.CLIENT_TO_SERVER, p.signature(), p.sealed());
        return u.signatureValid() && u.plaintext().length == p.originalLength() ? u.plaintext() : null;
    }

    /** Seals a response envelope; the caller sends it with {@link #CONTENT_TYPE}. */
    byte[] seal(String envelope) {
        byte[] plain = envelope.getBytes(StandardCharsets.UTF_8);
        NtlmSealing.Sealed s = sealing.seal(Direction.SERVER_TO_CLIENT, plain);
        return EncryptedBody.build(SealingProtocol.SPNEGO, WinrmServer.CONTENT_TYPE, plain.length, s.signature(), s.ciphertext());
    }

    static final String CONTENT_TYPE = EncryptedBody.contentType(SealingProtocol.SPNEGO);

}
