package dev.tapdeck.protocol.wsman;

/**
 * Namespace URIs of WS-Management Shell traffic ([MS-WSMV] 2.2.1). Elements are matched by these URIs,
 * never by prefix: real senders use {@code s:}, {@code env:}, {@code soap:}, {@code SOAP-ENV:} for the
 * same envelope namespace (protocol-notes A.2).
 */
public final class WsmanNamespaces {
    public static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    public static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    public static final String WSMV = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd";
    public static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    public static final String TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    public static final String ENUMERATION = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    public static final String WSMAN_FAULT = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
    public static final String POWERSHELL = "http://schemas.microsoft.com/powershell";
    public static final String XML = "http://www.w3.org/XML/1998/namespace";

    /** Resource URI of the WinRS text shell ([MS-WSMV] 3.1.4.13). */
    public static final String RESOURCE_CMD = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";
    /** Prefix of PowerShell session configurations: such shells carry PSRP (protocol-notes A.4). */
    public static final String RESOURCE_POWERSHELL_PREFIX = "http://schemas.microsoft.com/powershell/";

    private WsmanNamespaces() {
    }
}
