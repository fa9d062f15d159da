package dev.tapdeck.protocol.corpus;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.session.WsmanSessionState;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.wsman.EnvelopeReader;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a recorded session through a {@link WsmanTap} exactly as the proxy does (request inspected,
 * forwarded, response inspected; a missing response reported as such), then ends the tap so that commands
 * still running are handed over. For corpus tests of the session layer, and as the direct-tap reference
 * the proxy's output is compared with.
 */
public final class TapDrive {
    private static final String SOAP = "application/soap+xml;charset=UTF-8";

    /**
     * Everything one recording gave, in wire order.
     *
     * @param results    request and response results, alternating as they happened
     * @param violations every rule occurrence
     * @param audits     the audit records, the ones handed over at the end last
     */
    public record Driven(List<TapResult> results, List<Violation> violations, List<AuditRecord> audits) {
    }

    private TapDrive() {
    }

    public static Driven drive(Recording recording, Policy policy) {
        WsmanTap tap = new WsmanTap(new EnvelopeReader(), new WsmanSessionState(), policy);
        List<TapResult> results = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        List<AuditRecord> audits = new ArrayList<>();
        for (RecordedExchange e : recording.exchanges()) {
            TapResult request = tap.inspectRequest(SOAP, e.request());
            if (request.blocked()) {
                throw new AssertionError(recording.name() + " #" + e.index() + " would be blocked: " + request.blockedBy());
            }
            results.add(request);
            violations.addAll(request.violations());
            tap.forwarded(request);
            if (e.hasResponse()) {
                int status = e.transportErrorCode() == null ? 200 : e.transportErrorCode();
                TapResult response = tap.inspectResponse(request, status, SOAP, e.response());
                results.add(response);
                violations.addAll(response.violations());
                audits.addAll(response.audits());
            } else {
                violations.addAll(tap.responseMissing(request, "recording has no response (http_error)"));
            }
        }
        audits.addAll(tap.finish(END));
        return new Driven(results, violations, audits);
    }

    /** The reason given to commands still running when a recording ends. */
    public static final String END = "the recording ended";
}
