package dev.tapdeck.protocol.xml;

import java.io.CharArrayReader;
import java.nio.CharBuffer;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The one hardened StAX factory of the protocol core: no DTD processing, no external entities, no
 * external resource of any kind, namespace aware, coalescing. Every XML the tap reads comes from the
 * network, so it is hostile until proven otherwise.
 *
 * <p>Each thread's factory is configured once and then only used to create readers (configuration is copied
 * into each reader). Closing a reader lets the next {@code open} on that thread reset and reuse it: building a
 * JDK reader (scanner, entity manager, buffers) cost about three quarters of the tap's decode of a 2 KB envelope
 * (issue 11). A caller must not touch a reader after closing it.
 *
 * <p>A DOCTYPE is not processed: the reader still reports it as a {@code DTD} event, which {@link BoundedXmlReader} turns into a
 * {@code DTD_FORBIDDEN} problem, and any entity it would have declared is then an undeclared reference
 * (malformed), so neither XXE nor entity expansion can happen.
 */
public final class SafeXml {

    /**
     * The JDK factory's (unprefixed) property: a closed reader is reset and handed out again, instead of a new
     * scanner with its entity manager and buffers.
     */
    private static final String REUSE_INSTANCE = "reuse-instance";
    /**
     * One reusing factory per thread (an event loop opens one reader per body): the factory keeps its last
     * reader and reuses it only once that reader was closed, so it is never shared between threads or readers.
     */
    private static final ThreadLocal<XMLInputFactory> REUSING = ThreadLocal.withInitial(() -> {
        XMLInputFactory f = newFactory();
        try {
            f.setProperty(REUSE_INSTANCE, true);
        } catch (IllegalArgumentException e) {
            // a JDK without it: a new reader each time, as before
        }
        return f;
    });

    private SafeXml() {
    }

    /**
     * A reader over {@code length} bytes of {@code bytes} from {@code offset}. The bytes are decoded by
     * {@link XmlEncoding} (strictly, and without the JDK parser's stderr noise), then parsed.
     */
    public static XMLStreamReader open(byte[] bytes, int offset, int length) throws XmlRejected {
        CharBuffer chars = XmlEncoding.decode(bytes, offset, length);
        try {
            return REUSING.get().createXMLStreamReader(
                    new CharArrayReader(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining()));
        } catch (XMLStreamException e) {
            throw XmlRejected.malformed(e);
        }
    }

    /**
     * A reader over a document already decoded by {@link XmlEncoding#decode}, for a caller that keeps the text
     * too (character offsets then index {@code chars}): the bytes are not decoded twice.
     */
    public static XMLStreamReader open(String chars) throws XmlRejected {
        try {
            return REUSING.get().createXMLStreamReader(new java.io.StringReader(chars));
        } catch (XMLStreamException e) {
            throw XmlRejected.malformed(e);
        }
    }

    private static XMLInputFactory newFactory() {
        // The JDK's own implementation, whatever StAX provider another module puts on the class path:
        // the DTD and entity behaviour relied on here is the one the tests pin down.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused");
        });
        return f;
    }
}
