package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.WsmanNamespaces.SOAP;

import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLStreamConstants;

import dev.tapdeck.protocol.wsman.DecodeProblem.Kind;
import dev.tapdeck.protocol.xml.BoundedXmlReader;
import dev.tapdeck.protocol.xml.XmlRejected;

/**
 * One pass over one envelope: checks the SOAP 1.2 frame ({@code s:Envelope}, {@code s:Header},
 * {@code s:Body}) and routes the elements inside to the header collector and to the body collector
 * chosen by the first body element. Reads to the end of the document, so a truncated body is rejected.
 */
final class EnvelopeParse {
    private static final int ENVELOPE = 1;
    private static final int SECTION = 2;
    private static final int BODY_ELEMENT = 3;

    private final BoundedXmlReader xml;
    private final List<DecodeProblem> problems = new ArrayList<>();
    private final HeaderCollector header = new HeaderCollector(problems);
    private BodyCollector body;
    private boolean inHeader;
    private boolean inBody;
    private boolean bodySeen;
    private boolean inFirstBodyElement;

    EnvelopeParse(BoundedXmlReader xml) {
        this.xml = xml;
    }

    EnvelopeDecoded.EnvelopeParsed parse() throws XmlRejected {
        int event;
        while ((event = xml.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                started(xml.depth());
            } else {
                ended(xml.depth());
            }
        }
        if (!bodySeen) {
            // [SOAP 1.2] Part 1, 5.1: an Envelope has exactly one Body
            problems.add(new DecodeProblem(Kind.INVALID_VALUE, "the s:Envelope has no s:Body"));
        }
        WsmanBody b = body == null ? new WsmanBody.Empty() : body.body();
        return new EnvelopeDecoded.EnvelopeParsed(new WsmanEnvelope(header.header(), b), problems);
    }

    private void started(int depth) throws XmlRejected {
        if (depth == ENVELOPE) {
            if (!xml.is(SOAP, "Envelope")) {
                // prefixes vary (s:, env:, soap:, SOAP-ENV:); only the namespace URI identifies SOAP 1.2
                throw new XmlRejected(Kind.NOT_AN_ENVELOPE, "the root element is " + XmlRejected.quote(xml.localName())
                        + " in namespace " + XmlRejected.quote(xml.namespace()) + ", not a SOAP 1.2 Envelope ("
                        + SOAP + ")");
            }
        } else if (depth == SECTION) {
            inHeader = xml.is(SOAP, "Header");
            inBody = xml.is(SOAP, "Body");
            bodySeen |= inBody;
        } else if (inHeader) {
            header.started(xml, depth - SECTION);
        } else if (inBody) {
            if (depth == BODY_ELEMENT) {
                inFirstBodyElement = body == null;
                if (body == null) {
                    body = BodyCollector.forFirstElement(xml.namespace(), xml.localName(), problems);
                }
            }
            if (inFirstBodyElement || body.readsSiblings()) {
                body.started(xml, depth - BODY_ELEMENT);
            }
        }
    }

    private void ended(int depth) {
        if (depth == SECTION) {
            inHeader = false;
            inBody = false;
        } else if (depth > SECTION && inHeader) {
            header.ended(xml, depth - SECTION);
        } else if (depth > SECTION && inBody && (inFirstBodyElement || body.readsSiblings())) {
            body.ended(xml, depth - BODY_ELEMENT);
        }
    }
}
