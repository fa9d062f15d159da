package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.WsmanNamespaces.SHELL;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.SOAP;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.TRANSFER;

import java.util.List;

import dev.tapdeck.protocol.xml.BoundedXmlReader;

/**
 * Collects the content of {@code s:Body} into one {@link WsmanBody}. The kind of body is chosen by the
 * first body element, not by the Action header, so that a Fault answering any request is read as a
 * Fault and an unknown Action still gets its body summarised (protocol-notes A.3, A.6).
 *
 * <p>Depth is relative to {@code s:Body}: 0 = a top-level body element, 1 = its child, and so on.
 */
abstract class BodyCollector {

    /** A START_ELEMENT under {@code s:Body}; attributes are readable from {@code x}. */
    void started(BoundedXmlReader x, int depth) {
    }

    /** An END_ELEMENT under {@code s:Body}; the element's own text is {@code x.trimmedText()}. */
    void ended(BoundedXmlReader x, int depth) {
    }

    /**
     * Whether the collector reads the body elements after the first one; by default only the first
     * body element and its descendants reach {@link #started} and {@link #ended}.
     */
    boolean readsSiblings() {
        return false;
    }

    /** The body, once the whole envelope has been read. */
    abstract WsmanBody body();

    /** The collector for a body whose first element is {@code {namespace}localName}. */
    static BodyCollector forFirstElement(String namespace, String localName, List<DecodeProblem> problems) {
        if (namespace.equals(SOAP) && localName.equals("Fault")) {
            return new FaultCollector(problems);
        }
        if (namespace.equals(TRANSFER) && localName.equals("ResourceCreated")) {
            return new ShellCollector();
        }
        if (namespace.equals(SHELL)) {
            switch (localName) {
                case "Shell":
                    return new ShellCollector();
                case "Send":
                case "ReceiveResponse":
                    return new StreamCollector(localName, problems);
                case "CommandLine":
                case "CommandResponse":
                case "Receive":
                case "Signal":
                case "SendResponse":
                case "SignalResponse":
                    return new CommandCollector(localName);
                default:
                    break;
            }
        }
        return new OtherCollector(namespace, localName);
    }
}
