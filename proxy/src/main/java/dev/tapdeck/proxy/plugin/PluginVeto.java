package dev.tapdeck.proxy.plugin;

/**
 * Complete a plug-in's stage with this to refuse what it was shown: the WinRM client gets a WS-Man fault
 * carrying {@link #code()} and the message (the request is not forwarded); a WebSocket is closed with 1008
 * (policy violation) and the message as the reason. Any other failure is a plug-in failure, not a veto.
 */
public final class PluginVeto extends RuntimeException {
    /** ERROR_ACCESS_DENIED, the code Windows answers a refused shell operation with. */
    public static final long ACCESS_DENIED = 5L;

    private final long code;

    public PluginVeto(long code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public PluginVeto(String message) {
        this(ACCESS_DENIED, message);
    }

    /** The {@code f:WSManFault/@Code} the client gets ([MS-WSMV] 2.2.4.43). */
    public long code() {
        return code;
    }
}
