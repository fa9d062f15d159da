package dev.tapdeck.proxy.plugin;

import java.util.Map;

/**
 * The WS-Man request a {@link SendPlugin} call belongs to, as WSMAN_PLUGIN_REQUEST and the shell/command
 * context give it to a WinRM plug-in ([MS-WSMV] 2.2.4: headers; 3.1.4.13 to 3.1.4.15: Shell, Command, Send).
 *
 * @param resourceUri the {@code wsman:ResourceURI} header
 * @param options     the {@code wsman:OptionSet} options, name to value, in wire order
 * @param locale      the {@code wsman:Locale} header, null when absent
 * @param shellId     the ShellId selector
 * @param commandId   the CommandId the Send targets; null when it targets the shell (a PSRP RunspacePool)
 * @param messageId   the request's {@code wsa:MessageID}
 * @param client      the client's address
 * @param user        the HTTP Basic user, null when unknown
 */
public record SendRequest(String resourceUri, Map<String, String> options, String locale, String shellId,
                          String commandId, String messageId, String client, String user) {
    public SendRequest {
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }

    /** True for a PowerShell shell (its streams carry PSRP fragments, protocol-notes A.4). */
    public boolean powerShell() {
        return resourceUri != null && resourceUri.trim().regionMatches(true, 0,
                "http://schemas.microsoft.com/powershell/", 0, "http://schemas.microsoft.com/powershell/".length());
    }
}
