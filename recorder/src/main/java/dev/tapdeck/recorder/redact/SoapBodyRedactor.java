package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.wsman.WsmanNamespaces;
import dev.tapdeck.protocol.xml.SafeXml;
import dev.tapdeck.protocol.xml.XmlEncoding;
import dev.tapdeck.protocol.xml.XmlRejected;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a WS-Man body so that it keeps no secret and stays a readable envelope: the PSRP carriers
 * ({@code rsp:Stream} of Send and ReceiveResponse, {@code creationXml}, {@code rsp:Arguments},
 * {@code connectXml}, {@code connectResponseXml}: [MS-PSRP] 3.1.5.3) are decoded, their messages redacted by
 * {@link PsrpPayloadRedactor} and written back as base64; elements the user named ({@link XmlPath}) get their
 * placeholder (as base64 when the content was base64, so a stream stays a valid stream).
 * <p>
 * Only the content of those elements changes: StAX finds them, its character offsets locate them, and the
 * rest of the document is kept character for character, in its own encoding. The result is parsed again;
 * a body that does not parse any more, or an XML body that did not parse in the first place, is dropped
 * (returned as null) rather than kept with what it may hold. A body that is not XML is returned as it came.
 */
final class SoapBodyRedactor {
    /** Deepest element followed (XmlLimits of the tap use less): deeper bodies are dropped. */
    static final int MAX_DEPTH = 256;

    private record Edit(int start, int end, String text) {
    }

    private final RedactionPolicy policy;
    private final Redactions redactions;
    private final PsrpPayloadRedactor psrp;
    private final XpressStreamRedactor xpress;

    SoapBodyRedactor(RedactionPolicy policy, Redactions redactions, PsrpPayloadRedactor psrp) {
        this.policy = policy;
        this.redactions = redactions;
        this.psrp = psrp;
        this.xpress = new XpressStreamRedactor(redactions);
    }

    /** Whether a shell's streams are xpress-compressed: their PSRP fragments only show once decompressed. */
    boolean knowsCompressedShell() {
        return xpress.anyCompressed();
    }

    /**
     * @param shellOf the ShellId the body belongs to, null when the body names none (a response); updated with
     *                the ShellId a request names
     * @return the body, the same array when unchanged, null when it must be dropped
     */
    byte[] redact(byte[] body, String direction, String[] shellOf) {
        if (!looksLikeXml(body)) {
            return body;
        }
        XmlEncoding.Detected encoding;
        String doc;
        List<Edit> edits;
        try {
            encoding = XmlEncoding.detect(body, 0, body.length);
            doc = XmlEncoding.decode(body, 0, body.length).toString();
            edits = edits(doc, direction, shellOf);
        } catch (XmlRejected | XMLStreamException | RuntimeException e) {
            redactions.count(RedactionKind.BODY_DROPPED);
            return null;
        }
        if (edits.isEmpty()) {
            return body;
        }
        StringBuilder sb = new StringBuilder(doc.length());
        int at = 0;
        for (Edit e : edits) {
            sb.append(doc, at, e.start()).append(e.text());
            at = e.end();
        }
        sb.append(doc, at, doc.length());
        ByteBuffer encoded = encoding.charset().encode(sb.toString());
        byte[] out = new byte[encoding.bom() + encoded.remaining()];
        System.arraycopy(body, 0, out, 0, encoding.bom());
        encoded.get(out, encoding.bom(), encoded.remaining());
        if (!parses(out)) {
            redactions.count(RedactionKind.BODY_DROPPED);
            return null;
        }
        return out;
    }

    private List<Edit> edits(String doc, String direction, String[] shellOf)
            throws XmlRejected, XMLStreamException {
        XMLStreamReader x = SafeXml.open(doc); // the characters of body, decoded once
        try {
            return edits(x, doc, direction, shellOf);
        } finally {
            x.close(); // the thread's next reader reuses it
        }
    }

    private List<Edit> edits(XMLStreamReader x, String doc, String direction, String[] shellOf)
            throws XmlRejected, XMLStreamException {
        List<XmlPath.Element> stack = new ArrayList<>();
        List<Integer> contentStarts = new ArrayList<>();
        List<StringBuilder> texts = new ArrayList<>();
        int redactedDepth = -1; // depth of the outermost element being replaced: nothing inside it is looked at
        List<Edit> edits = new ArrayList<>();
        boolean create = false;
        String compressionType = null;
        while (x.hasNext()) {
            int event = x.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                Map<String, String> attributes = new HashMap<>();
                for (int i = 0; i < x.getAttributeCount(); i++) {
                    attributes.put(x.getAttributeLocalName(i), x.getAttributeValue(i));
                }
                stack.add(new XmlPath.Element(x.getNamespaceURI() == null ? "" : x.getNamespaceURI(), x.getLocalName(), attributes));
                if (stack.size() > MAX_DEPTH) {
                    throw new XmlRejected(dev.tapdeck.protocol.wsman.DecodeProblem.Kind.LIMIT_EXCEEDED,
                            "deeper than " + MAX_DEPTH + " elements");
                }
                contentStarts.add(x.getLocation().getCharacterOffset());
                texts.add(new StringBuilder());
                if (redactedDepth < 0 && named(stack)) {
                    redactedDepth = stack.size();
                }
                XmlPath.Element e = stack.get(stack.size() - 1);
                if (WsmanNamespaces.SHELL.equals(e.namespace()) && e.localName().equals("Shell") && attributes.containsKey("ShellId")) {
                    shellOf[0] = attributes.get("ShellId");
                }
                // Envelope/Body/Shell: a Create ([MS-WSMV] 3.1.4.1.31), whose streams may be compressed
                create |= stack.size() == 3 && WsmanNamespaces.SHELL.equals(e.namespace()) && e.localName().equals("Shell");
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                if (!texts.isEmpty()) {
                    texts.get(texts.size() - 1).append(x.getText());
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                int depth = stack.size();
                XmlPath.Element e = stack.get(depth - 1);
                String text = texts.get(depth - 1).toString();
                int[] range = content(doc, contentStarts.get(depth - 1), x.getLocation().getCharacterOffset());
                if (depth == redactedDepth) {
                    redactedDepth = -1;
                    if (range != null && !text.isBlank()) {
                        // placeholders are base64 or [a-z0-9-]: nothing to escape
                        edits.add(new Edit(range[0], range[1], placeholder(text)));
                    }
                } else if (redactedDepth < 0 && range != null) {
                    carrier(stack, e, text, range, direction, shellOf, edits);
                }
                if (isShellIdSelector(e)) {
                    shellOf[0] = text.trim();
                } else if (WsmanNamespaces.SHELL.equals(e.namespace()) && e.localName().equals("CompressionType")) {
                    compressionType = text;
                }
                stack.remove(depth - 1);
                contentStarts.remove(depth - 1);
                texts.remove(depth - 1);
            } else if (event == XMLStreamConstants.DTD) {
                throw new XmlRejected(dev.tapdeck.protocol.wsman.DecodeProblem.Kind.DTD_FORBIDDEN, "a DOCTYPE is forbidden");
            }
        }
        if (direction.equals("c2s")) {
            xpress.requestRead(create, compressionType, shellOf[0]);
        } else {
            xpress.responseRead(shellOf[0]);
        }
        edits.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return edits;
    }

    private boolean named(List<XmlPath.Element> stack) {
        for (XmlPath p : policy.xmlPaths()) {
            if (p.matches(stack)) {
                return true;
            }
        }
        return false;
    }

    /** A user-named element's placeholder: base64 when the content was base64 (streams stay valid streams). */
    private String placeholder(String text) {
        String t = text.trim();
        byte[] decoded = base64(t);
        if (decoded != null && decoded.length > 0) {
            String placeholder = redactions.replaceBase64(RedactionKind.XPATH, t);
            // stdin also shows up decoded in the audit record: remember it for the sweep
            redactions.sweepLater(new String(decoded, StandardCharsets.UTF_8),
                    new String(Base64.getDecoder().decode(placeholder), StandardCharsets.US_ASCII));
            return placeholder;
        }
        String placeholder = redactions.replace(RedactionKind.XPATH, t);
        redactions.sweepLater(t, placeholder);
        return placeholder;
    }

    private void carrier(List<XmlPath.Element> stack, XmlPath.Element e, String text, int[] range, String direction,
                         String[] shellOf, List<Edit> edits) {
        if (!isCarrier(stack, e) || text.isBlank()) {
            return;
        }
        byte[] payload = base64(text.trim());
        if (payload == null) {
            return;
        }
        String stream = direction + "/" + shellOf[0];
        // [MS-WSMV] 3.1.4.1.31.6: only the Send and ReceiveResponse streams of an xpress shell are compressed
        byte[] redacted = e.localName().equals("Stream") && xpress.compressed(shellOf[0])
                ? xpress.redact(stream, payload, psrp) : psrp.redact(stream, payload);
        if (redacted != null && redacted != payload) {
            edits.add(new Edit(range[0], range[1], Base64.getEncoder().encodeToString(redacted)));
        }
    }

    /** [MS-PSRP] 3.1.5.3: the elements that carry base64 PSRP fragments. */
    private static boolean isCarrier(List<XmlPath.Element> stack, XmlPath.Element e) {
        if (WsmanNamespaces.POWERSHELL.equals(e.namespace())) {
            return e.localName().equals("creationXml") || e.localName().equals("connectXml")
                    || e.localName().equals("connectResponseXml");
        }
        if (!WsmanNamespaces.SHELL.equals(e.namespace()) || stack.size() < 2) {
            return false;
        }
        XmlPath.Element parent = stack.get(stack.size() - 2);
        if (!WsmanNamespaces.SHELL.equals(parent.namespace())) {
            return false;
        }
        return e.localName().equals("Stream") && (parent.localName().equals("Send") || parent.localName().equals("ReceiveResponse"))
                || e.localName().equals("Arguments") && parent.localName().equals("CommandLine");
    }

    private static boolean isShellIdSelector(XmlPath.Element e) {
        return e.localName().equals("Selector") && "ShellId".equalsIgnoreCase(e.attributes().get("Name"));
    }

    /**
     * The character range of an element's content, from the offset after its start tag and the offset after
     * its end tag; null for an empty element ({@code <a/>}: nothing to replace).
     */
    private static int[] content(String doc, int afterStart, int afterEnd) {
        if (afterStart >= 2 && doc.startsWith("/>", afterStart - 2)) {
            return null;
        }
        int endTag = doc.lastIndexOf("</", afterEnd - 1);
        return endTag < afterStart ? null : new int[]{afterStart, endTag};
    }

    private static byte[] base64(String text) {
        try {
            // MIME decoding skips the line breaks some servers put in long text
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean looksLikeXml(byte[] body) {
        for (byte b : body) {
            if (b == '<') {
                return true;
            }
            if (!(b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == (byte) 0xEF || b == (byte) 0xBB
                    || b == (byte) 0xBF || b == (byte) 0xFE || b == (byte) 0xFF || b == 0)) {
                return false;
            }
        }
        return false;
    }

    private static boolean parses(byte[] body) {
        try {
            XMLStreamReader x = SafeXml.open(body, 0, body.length);
            try {
                while (x.hasNext()) {
                    x.next();
                }
            } finally {
                x.close();
            }
            return true;
        } catch (XmlRejected | XMLStreamException | RuntimeException e) {
            return false;
        }
    }
}
