package dev.tapdeck.protocol.wsman;

import java.util.Map;
import java.util.HashMap;

/**
 * The WS-Man operations a Shell client and server exchange, named as in the specification, with their
 * Action URIs ([MS-WSMV] 3.1.4.5, 3.1.4.11 to 3.1.4.14; protocol-notes A.3).
 */
public enum WsmanAction {
    Create(WsmanNamespaces.TRANSFER + "/Create"),
    CreateResponse(WsmanNamespaces.TRANSFER + "/CreateResponse"),
    Delete(WsmanNamespaces.TRANSFER + "/Delete"),
    DeleteResponse(WsmanNamespaces.TRANSFER + "/DeleteResponse"),
    Get(WsmanNamespaces.TRANSFER + "/Get"),
    GetResponse(WsmanNamespaces.TRANSFER + "/GetResponse"),
    Put(WsmanNamespaces.TRANSFER + "/Put"),
    PutResponse(WsmanNamespaces.TRANSFER + "/PutResponse"),
    Command(WsmanNamespaces.SHELL + "/Command"),
    CommandResponse(WsmanNamespaces.SHELL + "/CommandResponse"),
    Send(WsmanNamespaces.SHELL + "/Send"),
    SendResponse(WsmanNamespaces.SHELL + "/SendResponse"),
    Receive(WsmanNamespaces.SHELL + "/Receive"),
    ReceiveResponse(WsmanNamespaces.SHELL + "/ReceiveResponse"),
    Signal(WsmanNamespaces.SHELL + "/Signal"),
    SignalResponse(WsmanNamespaces.SHELL + "/SignalResponse"),
    Connect(WsmanNamespaces.SHELL + "/Connect"),
    ConnectResponse(WsmanNamespaces.SHELL + "/ConnectResponse"),
    Disconnect(WsmanNamespaces.SHELL + "/Disconnect"),
    DisconnectResponse(WsmanNamespaces.SHELL + "/DisconnectResponse"),
    Reconnect(WsmanNamespaces.SHELL + "/Reconnect"),
    ReconnectResponse(WsmanNamespaces.SHELL + "/ReconnectResponse"),
    Enumerate(WsmanNamespaces.ENUMERATION + "/Enumerate"),
    EnumerateResponse(WsmanNamespaces.ENUMERATION + "/EnumerateResponse"),
    Pull(WsmanNamespaces.ENUMERATION + "/Pull"),
    PullResponse(WsmanNamespaces.ENUMERATION + "/PullResponse"),
    /** [MS-WSMV] 2.2.4.43; two other fault Action URIs are mapped here too (see {@link #fromUri}). */
    Fault("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"),
    /** Any Action URI not listed here; the envelope is still summarised. */
    Unknown("");

    private static final Map<String, WsmanAction> BY_URI = new HashMap<>();

    static {
        for (WsmanAction a : values()) {
            if (a != Unknown) {
                BY_URI.put(a.uri, a);
            }
        }
        // real servers also answer with the addressing and enumeration fault actions (protocol-notes A.3)
        BY_URI.put(WsmanNamespaces.ADDRESSING + "/fault", Fault);
        BY_URI.put(WsmanNamespaces.ENUMERATION + "/fault", Fault);
    }

    private final String uri;

    WsmanAction(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    /** The action for a URI (trimmed, exact match), or {@link #Unknown}. */
    public static WsmanAction fromUri(String uri) {
        if (uri == null) {
            return Unknown;
        }
        return BY_URI.getOrDefault(uri.trim(), Unknown);
    }

    public boolean isResponse() {
        return name().endsWith("Response") || this == Fault;
    }
}
