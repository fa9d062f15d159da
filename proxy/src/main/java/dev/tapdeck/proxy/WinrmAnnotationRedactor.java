package dev.tapdeck.proxy;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.recorder.redact.RedactingSink;

/**
 * Recomputes the envelope summary of a WinRM message from its redacted body: the summary repeats stream
 * contents, {@code creationXml}, arguments and header values, so it must show what the redacted body holds,
 * not what the wire carried. The PSRP message summaries are kept: they never hold SecureStrings, and host
 * responses are summarised without their answer whenever redaction is on (AuditOptions). A dropped body
 * leaves no envelope.
 */
final class WinrmAnnotationRedactor implements RedactingSink.AnnotationRedactor {
    private final EnvelopeReader reader = new EnvelopeReader();

    @Override
    public Object redact(Object annotation, byte[] redactedBody) {
        if (!(annotation instanceof WinrmAnnotation a)) {
            return null;
        }
        if (a.envelope() == null) {
            return a;
        }
        EnvelopeDecoded d = redactedBody.length == 0 ? null : reader.read(redactedBody);
        return new WinrmAnnotation(a.bodyKind(), d instanceof EnvelopeDecoded.EnvelopeParsed p ? p.envelope() : null,
                a.psrpMessages(), a.problems());
    }
}
