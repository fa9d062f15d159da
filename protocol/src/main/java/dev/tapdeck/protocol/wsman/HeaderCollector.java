package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.WsmanNamespaces.ADDRESSING;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.SHELL;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.WSMAN;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.WSMV;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.XML;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tapdeck.protocol.xml.BoundedXmlReader;

/**
 * Collects the {@code s:Header} of one envelope into a {@link WsmanHeader} ([MS-WSMV] 2.2.4;
 * protocol-notes A.5), by namespace URI and local name, whatever the prefixes. When a header appears
 * twice the first one counts. Depth is relative to {@code s:Header}: 1 = a header block, 2 = its child.
 */
final class HeaderCollector {
    private final List<DecodeProblem> problems;
    private String actionUri;
    private String messageId;
    private String relatesTo;
    private String to;
    private String replyTo;
    private String resourceUri;
    private final Map<String, String> selectors = new LinkedHashMap<>();
    private final List<WsmanOption> options = new ArrayList<>();
    private String operationTimeout;
    private Long maxEnvelopeSize;
    private boolean maxEnvelopeSizeSeen;
    private String locale;
    private String dataLocale;
    private String sessionId;
    private String compressionType;
    private String pendingName;
    private boolean pendingMustComply;

    HeaderCollector(List<DecodeProblem> problems) {
        this.problems = problems;
    }

    void started(BoundedXmlReader x, int depth) {
        if (depth == 1) {
            // protocol-notes A.5: each locale is the xml:lang attribute of an otherwise empty element
            if (x.is(WSMAN, "Locale") && locale == null) {
                locale = x.attribute(XML, "lang");
            } else if (x.is(WSMV, "DataLocale") && dataLocale == null) {
                dataLocale = x.attribute(XML, "lang");
            }
        } else if (depth == 2) {
            if (x.is(WSMAN, "Selector") && x.ancestorIs(1, WSMAN, "SelectorSet")) {
                pendingName = x.attribute("Name");
            } else if (x.is(WSMAN, "Option") && x.ancestorIs(1, WSMAN, "OptionSet")) {
                pendingName = x.attribute("Name");
                String mustComply = x.attribute("MustComply");
                Boolean b = XsdValues.parseBoolean(mustComply);
                if (mustComply != null && b == null) {
                    problems.add(XsdValues.invalid("wsman:Option MustComply", mustComply, "an xs:boolean"));
                }
                pendingMustComply = Boolean.TRUE.equals(b);
            }
        }
    }

    void ended(BoundedXmlReader x, int depth) {
        if (depth == 1) {
            headerBlockEnded(x);
        } else if (depth == 2) {
            if (x.is(ADDRESSING, "Address") && x.ancestorIs(1, ADDRESSING, "ReplyTo")) {
                replyTo = first(replyTo, x.trimmedText());
            } else if (x.is(WSMAN, "Selector") && x.ancestorIs(1, WSMAN, "SelectorSet")) {
                if (pendingName == null) {
                    problems.add(XsdValues.invalid("wsman:Selector Name", null, "present"));
                } else {
                    selectors.putIfAbsent(pendingName, x.trimmedText());
                }
            } else if (x.is(WSMAN, "Option") && x.ancestorIs(1, WSMAN, "OptionSet")) {
                options.add(new WsmanOption(pendingName, x.trimmedText(), pendingMustComply));
            }
        }
    }

    private void headerBlockEnded(BoundedXmlReader x) {
        String ns = x.namespace();
        String name = x.localName();
        if (ns.equals(ADDRESSING)) {
            switch (name) {
                case "Action" -> actionUri = first(actionUri, x.trimmedText());
                case "MessageID" -> messageId = first(messageId, x.trimmedText());
                case "RelatesTo" -> relatesTo = first(relatesTo, x.trimmedText());
                case "To" -> to = first(to, x.trimmedText());
                default -> { }
            }
        } else if (ns.equals(WSMAN)) {
            switch (name) {
                case "ResourceURI" -> resourceUri = first(resourceUri, x.trimmedText());
                case "OperationTimeout" -> operationTimeout = first(operationTimeout, x.trimmedText());
                case "MaxEnvelopeSize" -> maxEnvelopeSizeEnded(x.trimmedText());
                default -> { }
            }
        } else if (ns.equals(WSMV) && name.equals("SessionId")) {
            sessionId = first(sessionId, x.trimmedText());
        } else if (ns.equals(SHELL) && name.equals("CompressionType")) {
            compressionType = first(compressionType, x.trimmedText());
        }
    }

    private void maxEnvelopeSizeEnded(String text) {
        if (maxEnvelopeSizeSeen) {
            return;
        }
        maxEnvelopeSizeSeen = true;
        // [MS-WSMV] 3.1.4.1.7: MaxEnvelopeSize is a number of octets
        maxEnvelopeSize = XsdValues.parseLong(text);
        if (maxEnvelopeSize == null) {
            problems.add(XsdValues.invalid("wsman:MaxEnvelopeSize", text, "a number of octets"));
        }
    }

    private static String first(String current, String candidate) {
        return current != null ? current : candidate;
    }

    WsmanHeader header() {
        return new WsmanHeader(actionUri, WsmanAction.fromUri(actionUri), messageId, relatesTo, to, replyTo,
                resourceUri, selectors, options, operationTimeout, maxEnvelopeSize, locale, dataLocale, sessionId,
                compressionType);
    }
}
