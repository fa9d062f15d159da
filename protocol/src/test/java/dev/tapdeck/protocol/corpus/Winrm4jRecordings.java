package dev.tapdeck.protocol.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * The winrm4j recordings ({@value #FOLDER}/*.xml): cmd-shell sessions against Windows 7 and 2012 in a
 * container that winrm4j's tests replay:
 * <pre>
 * &lt;!DOCTYPE recording [ … ]&gt;
 * &lt;recording&gt;&lt;item&gt;&lt;request action="…"&gt;&lt;soap:Envelope …/&gt;&lt;/request&gt;&lt;response&gt;&lt;s:Envelope …/&gt;&lt;/response&gt;&lt;/item&gt;…
 * </pre>
 * The envelopes keep winrm4j's placeholders ({@code ${messageId}}, {@code ${serviceUrl}}) as text.
 *
 * <p>The container is a trusted test file with an internal DTD subset, which the production reader
 * rightly refuses; it is read here with a separate StAX reader that skips the subset (DTD support off,
 * so nothing in it is processed), and each envelope is written back to UTF-8 bytes on its own.
 */
public final class Winrm4jRecordings {
    public static final String FOLDER = "winrm/winrm4j";

    private Winrm4jRecordings() {
    }

    /** Every recording, sorted by file name; skips the calling test when the corpus is absent. */
    public static List<Recording> all() {
        List<Recording> out = new ArrayList<>();
        for (Path p : Corpus.files(FOLDER, "*.xml")) {
            out.add(load(p));
        }
        return out;
    }

    /** Reads one recording container. */
    public static Recording load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            XMLInputFactory f = XMLInputFactory.newDefaultFactory();
            f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
            XMLStreamReader r = f.createXMLStreamReader(in);
            List<RecordedExchange> exchanges = new ArrayList<>();
            String action = null;
            byte[] request = null;
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (r.getLocalName()) {
                    case "request" -> {
                        action = r.getAttributeValue(null, "action");
                        request = nextEnvelope(r);
                    }
                    case "response" -> exchanges.add(new RecordedExchange(exchanges.size(), action, request,
                            nextEnvelope(r), null));
                    default -> { }
                }
            }
            return new Recording(file.getFileName().toString(), file, exchanges);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot parse " + file, e);
        }
    }

    /** Advances to the next element (the envelope) and writes it, with its subtree, as a document of its own. */
    private static byte[] nextEnvelope(XMLStreamReader r) throws XMLStreamException {
        while (r.next() != XMLStreamConstants.START_ELEMENT) {
            // whitespace before the envelope
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(bytes, "UTF-8");
        int depth = 0;
        while (true) {
            switch (r.getEventType()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    copyStartElement(r, w);
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    w.writeEndElement();
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        w.writeCharacters(r.getText());
                default -> { }
            }
            if (depth == 0) {
                break;
            }
            r.next();
        }
        w.close();
        return bytes.toByteArray();
    }

    private static void copyStartElement(XMLStreamReader r, XMLStreamWriter w) throws XMLStreamException {
        w.writeStartElement(nullToEmpty(r.getPrefix()), r.getLocalName(), nullToEmpty(r.getNamespaceURI()));
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            String prefix = r.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) {
                w.writeDefaultNamespace(r.getNamespaceURI(i));
            } else {
                w.writeNamespace(prefix, r.getNamespaceURI(i));
            }
        }
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String prefix = nullToEmpty(r.getAttributePrefix(i));
            if (prefix.isEmpty()) {
                w.writeAttribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
            } else {
                w.writeAttribute(prefix, r.getAttributeNamespace(i), r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
