package dev.tapdeck.protocol.clixml;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/**
 * The StAX factory for untrusted XML: the JDK's own implementation (not whatever is on the class path), no
 * DTD processing, no external entities, and a resolver that refuses every external resource. Readers must
 * still report a DTD event as a problem. (To be unified with a shared factory in {@code protocol.xml}.)
 */
final class SafeXml {
    private SafeXml() {
    }

    static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        return f;
    }
}
