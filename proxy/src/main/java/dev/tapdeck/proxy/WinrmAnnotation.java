package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ntlm.Unsealed;
import dev.tapdeck.protocol.session.BodyKind;
import dev.tapdeck.protocol.session.PsrpMessageDecoded;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.util.List;

/**
 * The decoded part of a WinRM message in a recording: how the body was handled, the envelope summary,
 * the PSRP messages it completed (PowerShell shells), and what could not be decoded. Derived data: a newer
 * decoder may recompute it from the raw bytes.
 *
 * @param sealed for a multipart/encrypted body: whether it was decrypted and each sealed message's check;
 *               null for plain bodies
 */
public record WinrmAnnotation(BodyKind bodyKind, WsmanEnvelope envelope, List<PsrpMessageDecoded> psrpMessages,
                              List<DecodeProblem> problems, Sealed sealed) {
    public WinrmAnnotation {
        psrpMessages = List.copyOf(psrpMessages);
        problems = List.copyOf(problems);
    }

    /**
     * What the NTLM layer made of a sealed body ([MS-WSMV] 2.2.9.1; [MS-NLMP] 3.4).
     *
     * @param decrypted whether the plaintext was recovered (it is in the event's {@code plaintext})
     * @param messages  per sealed message: declared and actual length, signature check, sequence number
     */
    public record Sealed(boolean decrypted, String plaintextType, List<Unsealed.Message> messages) {
        public Sealed {
            messages = List.copyOf(messages);
        }
    }

    public static WinrmAnnotation of(TapResult r) {
        return new WinrmAnnotation(r.kind(), r.envelope(), r.psrpMessages(), r.problems(), null);
    }

    /** A sealed body: the wire kind stays ENCRYPTED; the envelope is the decrypted one, when there is one. */
    public static WinrmAnnotation of(TapResult r, Unsealed u) {
        if (u == null) {
            return of(r);
        }
        return new WinrmAnnotation(BodyKind.ENCRYPTED, r.envelope(), r.psrpMessages(), r.problems(),
                new Sealed(u.decrypted(), u.plaintextType(), u.messages()));
    }
}
