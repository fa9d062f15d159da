package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.WsmanNamespaces.POWERSHELL;

import dev.tapdeck.protocol.xml.BoundedXmlReader;

/**
 * Any body without a record of its own (Connect, Disconnect, Reconnect, Enumerate, Get, Put, config
 * documents, unknown elements): named by its first element, with the PSRP open content when the element
 * has a child in the PowerShell namespace ({@code connectXml}, {@code connectResponseXml};
 * [MS-PSRP] 3.1.5.3.14; protocol-notes A.2).
 */
final class OtherCollector extends BodyCollector {
    private final String namespace;
    private final String localName;
    private String text;

    OtherCollector(String namespace, String localName) {
        this.namespace = namespace;
        this.localName = localName;
    }

    @Override
    void ended(BoundedXmlReader x, int depth) {
        if (depth == 1 && text == null && x.namespace().equals(POWERSHELL)) {
            text = x.trimmedText();
        }
    }

    @Override
    WsmanBody body() {
        return new WsmanBody.Other(namespace, localName, text);
    }
}
