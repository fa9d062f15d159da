package dev.tapdeck.proxy;

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
 */
public record WinrmAnnotation(BodyKind bodyKind, WsmanEnvelope envelope, List<PsrpMessageDecoded> psrpMessages,
                              List<DecodeProblem> problems) {
    public WinrmAnnotation {
        psrpMessages = List.copyOf(psrpMessages);
        problems = List.copyOf(problems);
    }

    public static WinrmAnnotation of(TapResult r) {
        return new WinrmAnnotation(r.kind(), r.envelope(), r.psrpMessages(), r.problems());
    }
}
