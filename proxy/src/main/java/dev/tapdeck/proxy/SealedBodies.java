package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ntlm.SealedConnection;
import dev.tapdeck.protocol.ntlm.Unsealed;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.BodyKind;
import dev.tapdeck.protocol.ws.Direction;

import java.util.ArrayList;
import java.util.List;

/**
 * The relay's side of NTLM message encryption ([MS-WSMV] 2.2.9.1): unseal a copy of a multipart/encrypted body
 * with the connection's security context, and carry what it found into the recorded event.
 */
final class SealedBodies {
    private SealedBodies() {
    }

    /** Unseals a multipart/encrypted body (null for any other body); its violations go to {@code ntlm}. */
    static Unsealed unseal(SealedConnection sealed, Direction d, String contentType,
                                   byte[] bytes, List<Violation> ntlm) {
        if (BodyKind.of(contentType, bytes.length) != BodyKind.ENCRYPTED) {
            return null;
        }
        Unsealed u = sealed.unseal(d, contentType, bytes);
        ntlm.addAll(u.violations());
        return u;
    }

    static byte[] plaintextOf(Unsealed u) {
        return u == null ? null : u.plaintext();
    }

    static List<Violation> concat(List<Violation> a, List<Violation> b) {
        if (a.isEmpty()) {
            return b;
        }
        List<Violation> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

}
