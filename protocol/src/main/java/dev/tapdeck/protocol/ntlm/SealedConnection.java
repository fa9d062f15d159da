package dev.tapdeck.protocol.ntlm;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.ws.Direction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The NTLM security context of one HTTP connection, seen from the middle (protocol-notes D.3): it follows
 * the NEGOTIATE / CHALLENGE / AUTHENTICATE tokens of the {@code Authorization} and {@code WWW-Authenticate}
 * headers, derives the session keys when the route has credentials for the account, and unseals the
 * multipart/encrypted bodies of both directions in wire order. A new NEGOTIATE starts a new context.
 * No I/O; one connection, one thread.
 */
public final class SealedConnection {
    private final Function<NtlmMessage.Authenticate, NtlmCredentials> credentials;
    private NtlmMessage.Challenge challenge;
    private NtlmMessage.Authenticate authenticate;
    private String otherMechanism;
    private NtlmSealing sealing;
    /** Why sealing is null after an AUTHENTICATE: reported once per body. */
    private Violation unavailable;

    /**
     * @param credentials the credentials configured for the account that authenticates, or null for none
     */
    public SealedConnection(Function<NtlmMessage.Authenticate, NtlmCredentials> credentials) {
        this.credentials = credentials;
    }

    /** The account of the last AUTHENTICATE ({@code DOMAIN\\user}), or null before it. */
    public String account() {
        return authenticate == null ? null : authenticate.account();
    }

    public boolean hasKeys() {
        return sealing != null;
    }

    /** An {@code Authorization} request header value; returns a violation when the token is malformed. */
    public List<Violation> authorization(String headerValue) {
        return token(AuthHeaderTokens.read(headerValue));
    }

    /** A {@code WWW-Authenticate} response header value. */
    public List<Violation> wwwAuthenticate(String headerValue) {
        return token(AuthHeaderTokens.read(headerValue));
    }

    private List<Violation> token(AuthToken token) {
        if (token instanceof AuthToken.Malformed m) {
            return List.of(new Violation(NtlmRule.AUTH_TOKEN_MALFORMED, m.scheme(), m.problem()));
        }
        if (token instanceof AuthToken.OtherMechanism o) {
            otherMechanism = o.mechanism();
            return List.of();
        }
        if (!(token instanceof AuthToken.NtlmToken n)) {
            return List.of();
        }
        NtlmMessage m = n.message();
        if (m instanceof NtlmMessage.Negotiate) {
            // [MS-NLMP] 3.1.5.1.1: a new NEGOTIATE starts a new context on this connection
            challenge = null;
            authenticate = null;
            sealing = null;
            unavailable = null;
            otherMechanism = null;
        } else if (m instanceof NtlmMessage.Challenge c) {
            challenge = c;
        } else if (m instanceof NtlmMessage.Authenticate a) {
            authenticated(a);
        }
        return List.of();
    }

    private void authenticated(NtlmMessage.Authenticate a) {
        authenticate = a;
        otherMechanism = null;
        sealing = null;
        unavailable = null;
        NtlmCredentials c = credentials == null ? null : credentials.apply(a);
        if (c == null) {
            unavailable = new Violation(NtlmRule.NO_CREDENTIALS, a.account(),
                "no credentials configured for " + a.account() + " on this route");
            return;
        }
        NtlmKeyDerivation.Outcome o = NtlmKeyDerivation.derive(c, a, challenge);
        if (o instanceof NtlmKeyDerivation.KeysDerived k) {
            sealing = k.sealing();
        } else {
            NtlmKeyDerivation.KeysUnavailable u = (NtlmKeyDerivation.KeysUnavailable) o;
            unavailable = new Violation(u.kind() == NtlmKeyDerivation.Reason.WRONG_CREDENTIALS
                ? NtlmRule.CREDENTIALS_MISMATCH : NtlmRule.UNSUPPORTED_SECURITY, a.account(), u.reason());
        }
    }

    /**
     * Unseals one multipart/encrypted body travelling {@code direction}. Every sealed message goes through the
     * direction's RC4 state even when its signature fails, so the next one still lines up when only this one
     * was tampered with.
     */
    public Unsealed unseal(Direction direction, String contentType, byte[] body) {
        EncryptedBody.Split split = EncryptedBody.split(contentType, body);
        List<Violation> violations = new ArrayList<>();
        for (EncryptedBody.Problem p : split.problems()) {
            violations.add(new Violation(p.rule(), direction.toString(), p.detail()));
        }
        if (split.parts().isEmpty()) {
            return new Unsealed(null, null, List.of(), violations);
        }
        EncryptedBody.Part first = split.parts().get(0);
        if (first.protocol() != SealingProtocol.SPNEGO || otherMechanism != null) {
            String mech = otherMechanism != null ? otherMechanism : first.protocol().mediaType();
            violations.add(new Violation(NtlmRule.OTHER_MECHANISM, direction.toString(), "sealed with " + mech));
            return new Unsealed(null, first.originalType(), List.of(), violations);
        }
        if (sealing == null) {
            violations.add(unavailable != null ? unavailable : new Violation(NtlmRule.NO_SECURITY_CONTEXT,
                direction.toString(), "no NTLM AUTHENTICATE seen on this connection before the sealed body"));
            return new Unsealed(null, first.originalType(), List.of(), violations);
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        List<Unsealed.Message> messages = new ArrayList<>();
        for (EncryptedBody.Part part : split.parts()) {
            NtlmSealing.Unsealed u = sealing.unseal(direction, part.signature(), part.sealed());
            plain.writeBytes(u.plaintext());
            messages.add(new Unsealed.Message(part.originalLength(), u.plaintext().length, u.signatureValid(), u.seqNum()));
            if (!u.signatureValid()) {
                violations.add(new Violation(NtlmRule.SIGNATURE_INVALID, direction + " seq " + u.seqNum(),
                    "the signature of a " + u.plaintext().length + "-byte sealed message does not verify: wrong "
                    + "credentials, a missed message or tampering"));
            }
        }
        // wrong credentials without a seen CHALLENGE show here: no message verifies, the "plaintext" is noise
        boolean anyValid = messages.stream().anyMatch(Unsealed.Message::signatureValid);
        return new Unsealed(anyValid ? plain.toByteArray() : null, first.originalType(), messages, violations);
    }
}
