package dev.tapdeck.recorder.redact;

import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redacts the tap's event stream before any sink sees it: recordings, the console, the audit log and the
 * dashboards all get the same redacted events (issue 5 part 4: redaction at write time, on by default).
 * <p>
 * Why a decorating sink and not a step inside each sink or inside the relays: the relays keep deciding on the
 * original bytes (design principle 1: forward the original, decode a copy; the rules and the audit need the real
 * values), every sink is a log and must get redacted data, and placeholders must be numbered once per session
 * in wire order, which only one place that sees every event of a session, in order, can do. The proxy wraps
 * whatever sink it is given, so an embedding application gets redaction by default too.
 * <p>
 * One {@link SessionRedactor} per session id, from SessionStarted to SessionEnded; the header line lists the
 * kinds in force and the trailer counts what was applied (never values). Events of no started session (audit
 * records handed over when the proxy stops) get a redactor of their own.
 */
public final class RedactingSink implements EventSink {
    /**
     * Recomputes the decoded annotation of a WinRM message whose body redaction changed (the annotation repeats
     * stream contents and named elements) or whose summaries may repeat a value redacted elsewhere in the session
     * ({@code sweep} replaces those). Returning null drops it: it is derived data a newer decoder recomputes.
     */
    public interface AnnotationRedactor {
        Object redact(Object annotation, byte[] redactedBody, boolean bodyChanged, UnaryOperator<String> sweep);

        /**
         * Whether the annotation shows that the body it was decoded from (the plaintext of a sealed body) parsed as
         * a whole XML document: the body redactor may then skip its own parse of a body with nothing to redact.
         * False when unknown.
         */
        default boolean wellFormed(Object annotation) {
            return false;
        }
    }

    private final EventSink downstream;
    private final RedactionPolicy policy;
    private final AnnotationRedactor annotations;
    private final Map<String, SessionRedactor> sessions = new ConcurrentHashMap<>();

    public RedactingSink(EventSink downstream, RedactionPolicy policy, AnnotationRedactor annotations) {
        this.downstream = downstream;
        this.policy = policy;
        this.annotations = annotations == null ? (a, body, changed, sweep) -> null : annotations;
    }

    public RedactionPolicy policy() {
        return policy;
    }

    @Override
    public void accept(TapEvent event) {
        downstream.accept(policy.enabled() ? redact(event) : event);
    }

    @Override
    public String unavailable() {
        return downstream.unavailable();
    }

    @Override
    public boolean congested() {
        return downstream.congested();
    }

    @Override
    public void whenDrained(Runnable resume) {
        downstream.whenDrained(resume);
    }

    @Override
    public void close() {
        downstream.close();
    }

    private TapEvent redact(TapEvent event) {
        if (event instanceof TapEvent.SessionStarted s) {
            sessions.put(s.sessionId(), new SessionRedactor(policy));
            return new TapEvent.SessionStarted(s.sessionId(), s.seq(), s.offsetNanos(), s.protocol(), s.listener(), s.client(),
                    s.upstream(), s.startedAtEpochMillis(), s.tapdeckVersion(), true, policy.describe(), s.upstreamInsecure());
        }
        if (event instanceof TapEvent.SessionEnded e) {
            SessionRedactor r = sessions.remove(e.sessionId());
            return new TapEvent.SessionEnded(e.sessionId(), e.seq(), e.offsetNanos(), e.reason(), e.exchanges(),
                    e.bytesFromClient(), e.bytesFromServer(), r == null ? Map.of() : r.counts());
        }
        SessionRedactor r = sessions.get(event.sessionId());
        if (r == null) {
            r = new SessionRedactor(policy);
        }
        if (event instanceof TapEvent.HttpMessageCaptured m) {
            boolean request = m.direction() == Direction.CLIENT_TO_SERVER;
            // a sealed body stays as it was (ciphertext); its decrypted plaintext is what the annotation was decoded from
            boolean wellFormed = annotations.wellFormed(m.annotation());
            boolean bodyWellFormed = wellFormed && m.plaintext() == null;
            byte[] body = request ? r.winrmRequest(m.body(), bodyWellFormed) : r.winrmResponse(m.body(), bodyWellFormed);
            byte[] plaintext = m.plaintext() == null ? null
                    : request ? r.winrmRequest(m.plaintext(), wellFormed) : r.winrmResponse(m.plaintext(), wellFormed);
            byte[] decoded = plaintext != null ? plaintext : body;
            boolean changed = plaintext != null ? plaintext != m.plaintext() : body != m.body();
            Object annotation = m.annotation() == null || !changed && !r.sweeping() ? m.annotation()
                    : annotations.redact(m.annotation(), decoded, changed, r::sweep);
            return new TapEvent.HttpMessageCaptured(m.sessionId(), m.seq(), m.offsetNanos(), m.exchange(), m.direction(),
                    r.head(m.head()), body, annotation, m.violations(), m.verdict(), plaintext);
        }
        if (event instanceof TapEvent.WsHandshakeRelayed h) {
            return new TapEvent.WsHandshakeRelayed(h.sessionId(), h.seq(), h.offsetNanos(), h.exchange(), r.head(h.request()),
                    r.head(h.response()), h.responseBody(), h.upgraded(), h.subprotocol(), h.extensions(), h.violations(),
                    h.verdict());
        }
        if (event instanceof TapEvent.CommandAudited a) {
            return new TapEvent.CommandAudited(a.sessionId(), a.seq(), a.offsetNanos(), a.atEpochMillis(), a.upstream(),
                    r.audit(a.record()));
        }
        return WsEventRedaction.redact(event, r);
    }
}
