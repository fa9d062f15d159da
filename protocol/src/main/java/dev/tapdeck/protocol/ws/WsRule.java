package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.rules.RuleText;
import dev.tapdeck.protocol.rules.Severity;

/**
 * The RFC 6455 / RFC 7692 rules a passive tap checks (websocket-notes.md §1). The notes' ids
 * (FR-1, HS-13, ...) are kept in {@link #notesId()} so reports can be traced back to the research.
 */
public enum WsRule implements Rule {
    // --- Opening handshake (notes §1.1), checked by HandshakeChecker
    REQUEST_NOT_GET_HTTP11("HS-1", "RFC 6455 4.1", Severity.VIOLATION,
            "the opening handshake is a GET request with HTTP version 1.1 or higher"),
    HOST_MISSING("HS-2", "RFC 6455 4.1", Severity.VIOLATION,
            "the opening handshake request carries a Host header"),
    REQUEST_UPGRADE_NOT_WEBSOCKET("HS-3", "RFC 6455 4.1", Severity.VIOLATION,
            "the request's Upgrade header contains the keyword websocket (ASCII case-insensitive)"),
    REQUEST_CONNECTION_NOT_UPGRADE("HS-4", "RFC 6455 4.1", Severity.VIOLATION,
            "the request's Connection header contains the token Upgrade (ASCII case-insensitive)"),
    KEY_INVALID("HS-5", "RFC 6455 4.1", Severity.VIOLATION,
            "Sec-WebSocket-Key appears exactly once and is base64 of exactly 16 bytes"),
    VERSION_NOT_13("HS-6", "RFC 6455 4.1", Severity.VIOLATION,
            "Sec-WebSocket-Version appears exactly once in the request, with the value 13"),
    SUBPROTOCOL_OFFER_INVALID("HS-7", "RFC 6455 4.1", Severity.VIOLATION,
            "the offered Sec-WebSocket-Protocol values are non-empty, unique tokens"),
    EXTENSIONS_HEADER_MALFORMED("HS-8", "RFC 6455 9.1", Severity.VIOLATION,
            "Sec-WebSocket-Extensions follows the extension-list grammar"),
    DATA_BEFORE_HANDSHAKE_RESPONSE("HS-9", "RFC 6455 4.1", Severity.VIOLATION,
            "the client sends nothing after its upgrade request until the server's response arrives"),
    INVALID_HANDSHAKE_ACCEPTED("HS-10", "RFC 6455 4.2.1", Severity.VIOLATION,
            "a server answers an invalid upgrade request with an error status, never with 101"),
    RESPONSE_UPGRADE_NOT_WEBSOCKET("HS-11", "RFC 6455 4.1", Severity.VIOLATION,
            "the 101 response's Upgrade header is websocket (ASCII case-insensitive)"),
    RESPONSE_CONNECTION_NOT_UPGRADE("HS-12", "RFC 6455 4.1", Severity.VIOLATION,
            "the 101 response's Connection header contains the token Upgrade"),
    ACCEPT_MISMATCH("HS-13", "RFC 6455 4.1", Severity.VIOLATION,
            "Sec-WebSocket-Accept appears once and is base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11))"),
    SUBPROTOCOL_NOT_OFFERED("HS-14", "RFC 6455 4.1", Severity.VIOLATION,
            "the response's Sec-WebSocket-Protocol is a single value the client offered, or absent"),
    EXTENSION_NOT_OFFERED("HS-15", "RFC 6455 9.1", Severity.VIOLATION,
            "every extension in the response was offered by the client"),
    EXTENSIONS_HEADER_REPEATED("HS-15", "RFC 6455 11.3.2", Severity.WARNING,
            "the response carries Sec-WebSocket-Extensions once (4.2.2 allows several: values are merged)"),
    DEFLATE_RESPONSE_INVALID("PMD-1", "RFC 7692 7", Severity.VIOLATION,
            "an accepted permessage-deflate has only response parameters, valid, once, matching an offer"),
    DEFLATE_OFFER_INVALID("PMD-1", "RFC 7692 7", Severity.WARNING,
            "a permessage-deflate offer has only defined parameters with valid values (else it must be declined)"),
    VERSION_REFUSAL_WITHOUT_VERSIONS("HS-16", "RFC 6455 4.4", Severity.VIOLATION,
            "a server refusing the requested version lists its versions in Sec-WebSocket-Version"),

    // --- Framing (notes §1.2)
    UNMASKED_CLIENT_FRAME("FR-1", "RFC 6455 5.1", Severity.VIOLATION,
            "every frame from the client is masked, control frames included"),
    MASKED_SERVER_FRAME("FR-2", "RFC 6455 5.1", Severity.VIOLATION,
            "no frame from the server is masked"),
    RESERVED_BITS_SET("FR-3", "RFC 6455 5.2", Severity.VIOLATION,
            "RSV1-RSV3 are 0 unless a negotiated extension defines them"),
    RESERVED_DATA_OPCODE("FR-4", "RFC 6455 5.2", Severity.VIOLATION,
            "the opcode is not a reserved non-control value (0x3-0x7)"),
    RESERVED_CONTROL_OPCODE("FR-5", "RFC 6455 5.2", Severity.VIOLATION,
            "the opcode is not a reserved control value (0xB-0xF)"),
    CONTROL_FRAME_TOO_LONG("FR-6", "RFC 6455 5.5", Severity.VIOLATION,
            "a control frame's payload is at most 125 bytes"),
    FRAGMENTED_CONTROL_FRAME("FR-7", "RFC 6455 5.5", Severity.VIOLATION,
            "a control frame has FIN set (control frames are never fragmented)"),
    NON_MINIMAL_LENGTH("FR-8", "RFC 6455 5.2", Severity.VIOLATION,
            "the payload length uses the minimal number of bytes"),
    LENGTH_MSB_SET("FR-9", "RFC 6455 5.2", Severity.VIOLATION,
            "the most significant bit of a 64-bit payload length is 0"),

    // --- Messages and fragmentation (notes §1.3)
    CONTINUATION_WITHOUT_MESSAGE("MS-1", "RFC 6455 5.4", Severity.VIOLATION,
            "a continuation frame only follows a data frame with FIN clear"),
    INTERLEAVED_DATA_FRAME("MS-2", "RFC 6455 5.4", Severity.VIOLATION,
            "no text or binary frame starts while a fragmented message is open"),

    // --- UTF-8 (notes §1.4)
    INVALID_UTF8_TEXT("UT-1", "RFC 6455 8.1", Severity.VIOLATION,
            "a text message (inflated when compressed) is valid UTF-8"),
    TRUNCATED_UTF8_TEXT("UT-2", "RFC 6455 5.6", Severity.VIOLATION,
            "a text message does not end inside a UTF-8 sequence"),
    INVALID_UTF8_CLOSE_REASON("UT-4", "RFC 6455 5.5.1", Severity.VIOLATION,
            "the close reason is valid UTF-8"),

    // --- Close (notes §1.5)
    CLOSE_PAYLOAD_ONE_BYTE("CL-1", "RFC 6455 5.5.1", Severity.VIOLATION,
            "a Close body is empty or starts with a 2-byte status code"),
    INVALID_CLOSE_CODE("CL-2", "RFC 6455 7.4.2", Severity.VIOLATION,
            "a close code is 1000-1003, 1007-1014 or 3000-4999 (not below 1000, not unassigned 1016-2999)"),
    RESERVED_CLOSE_CODE("CL-3", "RFC 6455 7.4.1", Severity.VIOLATION,
            "close codes 1004, 1005, 1006 and 1015 are never sent in a Close frame"),
    UNDEFINED_CLOSE_CODE("CL-4", "RFC 6455 7.4.2", Severity.NOTICE,
            "close codes 5000 and above are not defined by the RFC"),
    DATA_AFTER_CLOSE("CL-5", "RFC 6455 5.5.1", Severity.VIOLATION,
            "after a side has sent its Close it sends only control frames (WebSocketSend: no data after CLOSE)"),
    CONTROL_AFTER_CLOSE("CL-6", "RFC 6455 5.5.1", Severity.NOTICE,
            "a Ping, Pong or second Close after a side's Close is allowed but worth knowing"),

    // --- Ping/Pong (notes §1.6)
    PONG_MISMATCH("PP-2", "RFC 6455 5.5.3", Severity.WARNING,
            "pong does not match an outstanding ping"),

    // --- permessage-deflate (notes §1.7)
    COMPRESSED_BIT_MISPLACED("PMD-2", "RFC 7692 6", Severity.VIOLATION,
            "RSV1 (Per-Message Compressed) is set only on the first frame of a data message"),
    COMPRESSED_DATA_INVALID("PMD-5", "RFC 7692 7.2.2", Severity.VIOLATION,
            "a compressed message inflates as raw DEFLATE data once 00 00 FF FF is appended"),
    EXTENSION_NOT_VERIFIABLE("HS-15", "RFC 6455 9", Severity.NOTICE,
            "an extension the tap does not know is in use: RSV bits and payloads are not checked");

    private final String notesId;
    private final RuleText text;

    WsRule(String notesId, String section, Severity severity, String description) {
        this.notesId = notesId;
        this.text = new RuleText(section, severity, description);
    }

    @Override
    public String id() {
        return "WsRule." + name();
    }

    @Override
    public RuleText text() {
        return text;
    }

    /** The rule's id in websocket-notes.md (FR-1, HS-13, ...). */
    public String notesId() {
        return notesId;
    }
}
