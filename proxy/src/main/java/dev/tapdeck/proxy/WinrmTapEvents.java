package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ntlm.Unsealed;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.AuditOptions;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.session.WsmanSessionState;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.recorder.TapEvent.Verdict;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The WinRM tap's events, without I/O: each HTTP body of a route goes through its {@link WsmanTap} (WS-Man
 * and PSRP), and comes out as its {@code http} event with the decoded annotation and violations, followed
 * by the audit records of the commands a response ended. The relay calls it on live traffic;
 * {@code tapdeck recompute} and {@code tapdeck inspect} call it on recorded bytes, so one Tapdeck gives
 * a recording the annotations its proxy gave the traffic (design principle 4).
 */
public final class WinrmTapEvents {
    private final WsmanTap tap;
    private final String upstream;

    /**
     * @param upstream the route's target, written into audit records
     */
    public WinrmTapEvents(WsmanTap tap, String upstream) {
        this.tap = tap;
        this.upstream = upstream;
    }

    /** The tap of one route as the proxy runs it: fresh session state, the policy, host responses redacted or not. */
    public static WsmanTap newTap(EnvelopeReader reader, Policy policy, boolean redact) {
        return new WsmanTap(reader, new WsmanSessionState(), policy, AuditOptions.of(redact));
    }

    /**
     * Decodes a request: its plaintext when the body was sealed and could be unsealed, else the body as it came
     * (the same choice {@link #response} makes). No event: the proxy emits it once the plug-ins decided.
     */
    public TapResult inspectRequest(String contentType, byte[] body, Unsealed unsealed, Requester requester) {
        return unsealed != null && unsealed.decrypted()
                ? tap.inspectRequest(unsealed.plaintextType(), unsealed.plaintext(), requester)
                : tap.inspectRequest(contentType, body, requester);
    }

    /**
     * Emits the event of a request the tap already inspected (the proxy decides its verdict after the
     * plug-ins); a forwarded request enters the session state.
     */
    public void captured(SessionEvents s, int exchange, HttpHead head, byte[] body, TapResult request, Verdict verdict) {
        captured(s, exchange, head, body, request, verdict, null, List.of());
    }

    /**
     * As {@link #captured(SessionEvents, int, HttpHead, byte[], TapResult, Verdict)} for a body that may have been
     * sealed: {@code unsealed} is its plaintext (null when it was not sealed), {@code ntlm} the NTLM layer's rule
     * occurrences (handshake, signature), recorded before the envelope's.
     */
    public void captured(SessionEvents s, int exchange, HttpHead head, byte[] body, TapResult request, Verdict verdict,
                         Unsealed unsealed, List<Violation> ntlm) {
        s.emit(seq -> new TapEvent.HttpMessageCaptured(s.sessionId(), seq, s.offset(), exchange,
                Direction.CLIENT_TO_SERVER, head, body, WinrmAnnotation.of(request, unsealed),
                SealedBodies.concat(ntlm, request.violations()), verdict, SealedBodies.plaintextOf(unsealed)));
        if (verdict == Verdict.FORWARDED) {
            tap.forwarded(request);
        }
    }

    /**
     * Decodes the upstream's response to {@code request}, emits its event and one audit event per command
     * it ended.
     *
     * @param epochMillis wall-clock time for the audit records (injected: the tap reads no clock)
     */
    public TapResult response(SessionEvents s, int exchange, TapResult request, HttpHead head, String contentType,
                              byte[] body, LongSupplier epochMillis) {
        return response(s, exchange, request, head, contentType, body, null, List.of(), epochMillis);
    }

    /** As above for a body that may have been sealed: the tap decodes the plaintext when there is one. */
    public TapResult response(SessionEvents s, int exchange, TapResult request, HttpHead head, String contentType,
                              byte[] body, Unsealed unsealed, List<Violation> ntlm, LongSupplier epochMillis) {
        TapResult response = unsealed != null && unsealed.decrypted()
                ? tap.inspectResponse(request, head.status(), unsealed.plaintextType(), unsealed.plaintext())
                : tap.inspectResponse(request, head.status(), contentType, body);
        s.emit(seq -> new TapEvent.HttpMessageCaptured(s.sessionId(), seq, s.offset(), exchange,
                Direction.SERVER_TO_CLIENT, head, body, WinrmAnnotation.of(response, unsealed),
                SealedBodies.concat(ntlm, response.violations()), Verdict.FORWARDED, SealedBodies.plaintextOf(unsealed)));
        audited(s, response.audits(), epochMillis);
        return response;
    }

    /** One audit event per record: commands a response ended, or a plug-in refused. */
    public void audited(SessionEvents s, List<AuditRecord> audits, LongSupplier epochMillis) {
        for (AuditRecord a : audits) {
            s.emit(seq -> new TapEvent.CommandAudited(s.sessionId(), seq, s.offset(), epochMillis.getAsLong(), upstream, a));
        }
    }

    /**
     * The request got no response from the upstream: emits the transport failure and returns the
     * violations of the missing response, for the answer the proxy gives instead.
     */
    public List<Violation> upstreamFailed(SessionEvents s, int exchange, TapResult request, String detail) {
        List<Violation> missing = tap.responseMissing(request, detail);
        s.emit(seq -> new TapEvent.TransportFailed(s.sessionId(), seq, s.offset(), exchange, "upstream-failed", detail));
        return missing;
    }

    /** An answer Tapdeck gave itself (a policy fault, 413, 502): not decoded, its violations as given. */
    public static void synthesized(SessionEvents s, int exchange, HttpHead head, byte[] body, List<Violation> violations,
                                   Verdict verdict) {
        s.emit(seq -> new TapEvent.HttpMessageCaptured(s.sessionId(), seq, s.offset(), exchange,
                Direction.SERVER_TO_CLIENT, head, body, null, violations, verdict));
    }
}
