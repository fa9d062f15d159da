package dev.tapdeck.protocol.wsman;

/**
 * A WS-Man SOAP envelope, summarised: the header and the body of the operation. This is a summary
 * for the tap; the original bytes are always what is forwarded (design principle 1).
 */
public record WsmanEnvelope(WsmanHeader header, WsmanBody body) {

    public WsmanAction action() {
        return header.action();
    }

    public boolean isFault() {
        return body instanceof WsmanBody.Fault;
    }
}
