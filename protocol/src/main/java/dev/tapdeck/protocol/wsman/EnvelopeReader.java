package dev.tapdeck.protocol.wsman;

import java.util.Objects;

import dev.tapdeck.protocol.xml.BoundedXmlReader;
import dev.tapdeck.protocol.xml.XmlRejected;

/**
 * Summarises any WS-Man envelope with StAX (DTDs and external entities disabled, every size bounded).
 * Never throws on hostile input: it returns {@link EnvelopeDecoded.EnvelopeRejected}.
 *
 * <p>One pass, no tree: the reader runs on every request and response of the proxy. It is immutable
 * and safe to share between threads.
 */
public final class EnvelopeReader {
    private final XmlLimits limits;

    public EnvelopeReader(XmlLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
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

    /**
     * Reads {@code length} bytes of {@code body} from {@code offset}. Whatever the bytes, the answer is an
     * {@link EnvelopeDecoded.EnvelopeParsed} (possibly with problems) or an
     * {@link EnvelopeDecoded.EnvelopeRejected}; only invalid arguments (null, bounds) throw.
     */
    public EnvelopeDecoded read(byte[] body, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, body.length);
        try (BoundedXmlReader xml = BoundedXmlReader.open(body, offset, length, limits)) {
            return new EnvelopeParse(xml).parse();
        } catch (XmlRejected e) {
            return new EnvelopeDecoded.EnvelopeRejected(e.problem());
        } catch (RuntimeException | StackOverflowError e) {
            // A parser or decoder bug must cost one annotation, never the tap (design principle 1).
            return new EnvelopeDecoded.EnvelopeRejected(new DecodeProblem(DecodeProblem.Kind.MALFORMED_XML,
                    "the XML reader failed: " + e.getClass().getSimpleName()));
        }
    }
}
