package dev.tapdeck.replay;

import dev.tapdeck.protocol.wsman.XmlLimits;
import dev.tapdeck.protocol.xml.SafeXml;
import dev.tapdeck.protocol.xml.XmlRejected;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A WS-Man envelope reduced to what must be equal for two messages to be "the same" in a replay: every
 * element text and attribute by path (local names only: prefixes differ between senders, protocol-notes
 * A.2), values trimmed, ids taken out into {@link IdSlot}s, PSRP stream contents decoded into fragments and
 * messages ({@link PsrpFields}). Per-request values that never repeat (MessageID, RelatesTo, To,
 * OperationID) are left out. A body that is not XML is compared as its bytes.
 *
 * @param fields field path to normalised value, in document order
 * @param slots  the ids taken out of the values, in document order
 * @param action the short name of {@code wsa:Action} (e.g. "Receive"), "" when none
 * @param psrp   whether the stream contents were read as PSRP fragments
 */
public record NormalisedMessage(Map<String, String> fields, List<IdSlot> slots, String action, boolean psrp) {
    /** ResourceURIs of PowerShell endpoints carry PSRP in their streams (protocol-notes A.4). */
    public static final String POWERSHELL_RESOURCE = "http://schemas.microsoft.com/powershell/";
    /** Header values that change with every message, whatever the session does. */
    private static final Set<String> PER_MESSAGE = Set.of("MessageID", "RelatesTo", "To", "OperationID", "SequenceId");
    /** Elements whose text is base64 PSRP fragments in a PowerShell shell ([MS-PSRP] 3.1.5.3.1, 3.1.5.3.3, 3.1.5.3.5). */
    private static final Set<String> PSRP_CARRIERS = Set.of("Stream", "creationXml", "connectXml", "connectResponseXml",
            "Arguments");
    /** Attributes that name a repeated element, so that its fields keep their meaning when order varies. */
    private static final List<String> KEY_ATTRIBUTES = List.of("Name");

    /**
     * @param body      the HTTP body
     * @param psrpShell true/false when the caller knows the shell kind (a response: from its request), null to
     *                  decide from the envelope's ResourceURI
     */
    public static NormalisedMessage of(byte[] body, Boolean psrpShell) {
        try {
            return new Walk(body, psrpShell).run();
        } catch (XmlRejected | XMLStreamException | RuntimeException e) {
            Map<String, String> raw = new LinkedHashMap<>();
            raw.put("body", new String(body, StandardCharsets.ISO_8859_1));
            return new NormalisedMessage(raw, List.of(), "", false);
        }
    }

    /** The ResourceURI field, null when absent. */
    public String resourceUri() {
        return fields.get("Header/ResourceURI");
    }

    /** Short label for reports: the action and, for a Send or Receive, its streams. */
    public String label() {
        return action.isEmpty() ? "(not a WS-Man envelope)" : action;
    }

    private static final class Walk {
        private final byte[] body;
        private final Boolean psrpHint;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final List<IdSlot> slots = new ArrayList<>();
        private final Deque<String> path = new ArrayDeque<>();
        private final Map<String, Integer> seen = new HashMap<>();
        private String resourceUri;
        private String action = "";
        private boolean psrpUsed;

        Walk(byte[] body, Boolean psrpHint) {
            this.body = body;
            this.psrpHint = psrpHint;
        }

        NormalisedMessage run() throws XmlRejected, XMLStreamException {
            XmlLimits limits = XmlLimits.DEFAULT;
            if (body.length > limits.maxBytes()) {
                throw new IllegalArgumentException("body over " + limits.maxBytes() + " bytes");
            }
            XMLStreamReader r = SafeXml.open(body, 0, body.length);
            Deque<StringBuilder> text = new ArrayDeque<>();
            int skipDepth = 0;
            int elements = 0;
            try {
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                        throw new IllegalArgumentException("a DOCTYPE is not accepted");
                    }
                    if (skipDepth > 0) {
                        skipDepth += event == XMLStreamConstants.START_ELEMENT ? 1 : event == XMLStreamConstants.END_ELEMENT ? -1 : 0;
                        continue;
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        if (++elements > limits.maxElements() || path.size() >= limits.maxDepth()) {
                            throw new IllegalArgumentException("over the XML limits");
                        }
                        if (path.size() == 2 && "Header".equals(segmentName(path.peekFirst()))
                                && PER_MESSAGE.contains(r.getLocalName())) {
                            skipDepth = 1;
                            continue;
                        }
                        start(r);
                        text.push(new StringBuilder());
                    } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                        if (!text.isEmpty()) {
                            text.peek().append(r.getText());
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        end(r.getLocalName(), text.pop().toString().trim());
                    }
                }
            } finally {
                r.close();
            }
            return new NormalisedMessage(fields, slots, action, psrpUsed);
        }

        private static String segmentName(String segment) {
            int i = segment.indexOf('[');
            return i < 0 ? segment : segment.substring(0, i);
        }

        private void start(XMLStreamReader r) {
            String segment = r.getLocalName();
            TreeMap<String, String> attributes = new TreeMap<>();
            for (int i = 0; i < r.getAttributeCount(); i++) {
                attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i).trim());
            }
            for (String k : KEY_ATTRIBUTES) {
                if (attributes.containsKey(k)) {
                    segment += "[" + k + "=" + attributes.get(k) + "]";
                }
            }
            path.push(segment);
            String here = current();
            int n = seen.merge(here, 1, Integer::sum);
            if (n > 1) {
                path.pop();
                path.push(segment + "#" + n);
                here = current();
            }
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                if (!KEY_ATTRIBUTES.contains(a.getKey())) {
                    put(here + "@" + a.getKey(), a.getValue());
                }
            }
        }

        private void end(String localName, String value) {
            String here = current();
            path.pop();
            if (value.isEmpty()) {
                return;
            }
            if (here.equals("Header/Action")) {
                action = value.substring(value.lastIndexOf('/') + 1);
            } else if (here.equals("Header/ResourceURI")) {
                resourceUri = value;
            }
            boolean psrp = psrpHint != null ? psrpHint : resourceUri != null && resourceUri.startsWith(POWERSHELL_RESOURCE);
            if (psrp && PSRP_CARRIERS.contains(localName) && PsrpFields.add(here, decode(value), fields, slots)) {
                psrpUsed = true;
                return;
            }
            put(here, value);
        }

        private static byte[] decode(String base64) {
            try {
                return Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private void put(String key, String value) {
            fields.put(key, Guids.extract(key, value, slots));
        }

        /** The path without the Envelope root: "Header/Action", "Body/Receive/DesiredStream@CommandId". */
        private String current() {
            StringBuilder sb = new StringBuilder();
            var it = path.descendingIterator();
            it.next(); // Envelope
            while (it.hasNext()) {
                if (!sb.isEmpty()) {
                    sb.append('/');
                }
                sb.append(it.next());
            }
            return sb.toString();
        }
    }
}
