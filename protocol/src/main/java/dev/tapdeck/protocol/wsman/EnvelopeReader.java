package dev.tapdeck.protocol.wsman;

/**
 * Summarises any WS-Man envelope with StAX (DTDs and external entities disabled, every size bounded).
 * Never throws on hostile input: it returns {@link EnvelopeDecoded.EnvelopeRejected}.
 */
public final class EnvelopeReader {
    private final XmlLimits limits;

    public EnvelopeReader(XmlLimits limits) {
        this.limits = limits;
    }

    public EnvelopeReader() {
        this(XmlLimits.DEFAULT);
    }

    public XmlLimits limits() {
        return limits;
    }

    public EnvelopeDecoded read(byte[] body) {
        return read(body, 0, body.length);
    }

    public EnvelopeDecoded read(byte[] body, int offset, int length) {
        // TODO(helper): implemented by the wsman reader task
        return new EnvelopeDecoded.EnvelopeRejected(new DecodeProblem(DecodeProblem.Kind.MALFORMED_XML, "not implemented"));
    }
}
