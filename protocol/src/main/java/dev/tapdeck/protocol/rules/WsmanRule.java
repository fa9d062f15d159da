package dev.tapdeck.protocol.rules;

/**
 * The WS-Man rule catalogue: envelope well-formedness and the Shell Send rules of [MS-WSMV] 3.1.4.13
 * (protocol-notes A.6 and E). Where real Windows traffic departs from the text the rule is a notice.
 */
public enum WsmanRule implements Rule {
    ENVELOPE_MALFORMED("SOAP 1.2 Part 1 §5", Severity.VIOLATION,
            "A SOAP message is a well-formed XML envelope in the SOAP 1.2 namespace"),
    DTD_PRESENT("SOAP 1.2 Part 1 §5", Severity.VIOLATION,
            "A SOAP message MUST NOT contain a Document Type Declaration"),
    ENVELOPE_LIMIT("Tapdeck limits", Severity.WARNING,
            "The envelope crosses a configured decode limit; it was not decoded"),
    STREAM_NOT_BASE64("MS-WSMV 2.2.4.40", Severity.VIOLATION,
            "rsp:Stream content is xs:base64Binary"),
    STREAM_COMPRESSION_INVALID("MS-WSMV 3.1.4.1.31.6, MS-XCA 2.2", Severity.VIOLATION,
            "With rsp:CompressionType xpress, rsp:Stream data is chunks of [OriginalSize-1][CompressedSize-1][data], "
                    + "each stored or LZ77+Huffman-compressed"),
    STREAM_DECOMPRESSED_LIMIT("Tapdeck limits", Severity.WARNING,
            "Decompressed rsp:Stream data crosses the configured limit; it was not decoded"),
    SHELL_SELECTOR_MISSING("MS-WSMV 3.1.4.13", Severity.VIOLATION,
            "A Send addresses its shell with the ShellId selector"),
    SEND_OUTSTANDING("MS-WSMV 3.1.4.13", Severity.VIOLATION,
            "Only one Send may be outstanding per shell instance until its SendResponse"),
    SEND_COMMANDID_MISSING("MS-WSMV 3.1.4.13", Severity.VIOLATION,
            "In a text shell every rsp:Stream of a Send carries CommandId"),
    SEND_COMMANDID_FORBIDDEN("MS-WSMV 3.1.4.13", Severity.VIOLATION,
            "In a custom shell the rsp:Stream of a Send omits CommandId"),
    SEND_UNANSWERED("MS-WSMV 3.1.4.13", Severity.VIOLATION,
            "Every Send is answered by a SendResponse or a Fault"),
    SEND_TO_COMPLETED_COMMAND("MS-WSMV 3.1.4.13", Severity.NOTICE,
            "Input sent to a command that already completed is discarded by the server"),
    SEND_UNKNOWN_SHELL("MS-WSMV 3.1.4.13", Severity.NOTICE,
            "Send to a ShellId this proxy has not seen created; the server will fault with w:InvalidSelectors"),
    SEND_UNKNOWN_COMMAND("MS-WSMV 3.1.4.13", Severity.NOTICE,
            "Send to a CommandId this proxy has not seen started; the server will fault with w:InvalidSelectors"),
    /**
     * A warning, not a violation: one real recording (pypsrp {@code test_winrs_unicode.yml}) carries a
     * DeleteResponse whose RelatesTo names another request, and its client accepted it.
     */
    RELATES_TO_MISMATCH("WS-Addressing 2004/08 §3, MS-WSMV 3.1.4.1.5", Severity.WARNING,
            "A response's wsa:RelatesTo equals the request's wsa:MessageID");

    private final RuleText text;

    WsmanRule(String section, Severity severity, String description) {
        this.text = new RuleText(section, severity, description);
    }

    @Override
    public String id() {
        return "WsmanRule." + name();
    }

    @Override
    public RuleText text() {
        return text;
    }
}
