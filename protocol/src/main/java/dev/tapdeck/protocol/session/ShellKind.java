package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.wsman.WsmanNamespaces;

/**
 * What a shell is, decided once from the ResourceURI of its Create and reused for every later message:
 * ReceiveResponse does not repeat the ResourceURI, and decoding cmd output as PSRP gives garbage
 * (protocol-notes A.4).
 */
public enum ShellKind {
    /** The WinRS text shell {@code …/windows/shell/cmd} ([MS-WSMV] 3.1.4.13: streams carry CommandId). */
    TEXT,
    /** A PowerShell session configuration {@code http://schemas.microsoft.com/powershell/…}: carries PSRP. */
    POWERSHELL,
    /** Any other custom remote shell ([MS-WSMV] 3.1.4.13: streams omit CommandId). */
    CUSTOM,
    /** A shell whose Create this proxy did not see. */
    UNKNOWN;

    public static ShellKind of(String resourceUri) {
        if (resourceUri == null || resourceUri.isBlank()) {
            return UNKNOWN;
        }
        String uri = resourceUri.trim();
        if (uri.equalsIgnoreCase(WsmanNamespaces.RESOURCE_CMD)) {
            return TEXT;
        }
        if (uri.regionMatches(true, 0, WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX, 0,
                WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX.length())) {
            return POWERSHELL;
        }
        return CUSTOM;
    }
}
