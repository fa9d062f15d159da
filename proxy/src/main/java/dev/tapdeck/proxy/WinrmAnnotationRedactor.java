package dev.tapdeck.proxy;

import dev.tapdeck.protocol.session.PsrpMessageDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.recorder.redact.RedactingSink;

import java.util.function.UnaryOperator;

/**
 * Recomputes the envelope summary of a WinRM message from its redacted body: the summary repeats stream
 * contents, {@code creationXml}, arguments and header values, so it must show what the redacted body holds,
 * not what the wire carried. PSRP message summaries never hold SecureStrings, and host responses are
 * summarised without their answer whenever redaction is on (AuditOptions); values redacted elsewhere in the
 * session (an echoed Read-Host answer) are swept from them. A dropped body leaves no envelope.
 */
final class WinrmAnnotationRedactor implements RedactingSink.AnnotationRedactor {
    private final EnvelopeReader reader = new EnvelopeReader();

    @Override
    public Object redact(Object annotation, byte[] redactedBody, boolean bodyChanged, UnaryOperator<String> sweep) {
        if (!(annotation instanceof WinrmAnnotation a)) {
            return null;
        }
        var envelope = a.envelope();
        if (bodyChanged && envelope != null) {
            EnvelopeDecoded d = redactedBody.length == 0 ? null : reader.read(redactedBody);
            envelope = d instanceof EnvelopeDecoded.EnvelopeParsed p ? p.envelope() : null;
        }
        var messages = a.psrpMessages().stream().map(m -> m.summary() == null ? m : new PsrpMessageDecoded(m.carrier(),
                m.stream(), m.commandId(), m.type(), m.destination(), m.rpid(), m.pid(), m.objectId(), m.fragmentCount(),
                m.length(), sweep.apply(m.summary()))).toList();
        return new WinrmAnnotation(a.bodyKind(), envelope, messages, a.problems(), a.sealed());
    }

    /**
     * The tap's reader read the body it decoded (a sealed body's plaintext, when decrypted) to its end as a SOAP
     * envelope: EnvelopeParse returns an envelope only at END_DOCUMENT.
     */
    @Override
    public boolean wellFormed(Object annotation) {
        return annotation instanceof WinrmAnnotation a && a.envelope() != null
                && (a.sealed() == null || a.sealed().decrypted());
    }
}
