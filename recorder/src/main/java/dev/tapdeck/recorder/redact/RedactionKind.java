package dev.tapdeck.recorder.redact;

/**
 * What was redacted, as the recording's header lists the kinds in force and its trailer counts them
 * (FORMAT.md, "Redaction"). The names are the JSON names.
 */
public enum RedactionKind {
    /** Authorization, Proxy-Authorization, WWW-Authenticate, Proxy-Authenticate credentials (scheme kept). */
    AUTHORIZATION("authorization"),
    /** The password of a Basic credential (the user stays visible). */
    BASIC_PASSWORD("basic-password"),
    /** Cookie and Set-Cookie values. */
    COOKIE("cookie"),
    /** A header the user named ({@code --redact-header}). */
    HEADER("header"),
    /** A SecureString {@code <SS>} of a PSRP message ([MS-PSRP] 2.2.5.1.24). */
    SECURE_STRING("secure-string"),
    /** The answer of a host response ([MS-PSRP] 2.2.2.16, 2.2.2.28). */
    HOST_RESPONSE("host-response"),
    /** An element the user named by a path ({@code --redact-xpath}). */
    XPATH("xpath"),
    /** A JSON value of a WebSocket text message the user named ({@code --redact-json}). */
    JSON_PATH("json"),
    /** A PSRP fragment whose message could not be seen whole (its start was not in this session): blob dropped. */
    PSRP_FRAGMENT_DROPPED("psrp-fragment-dropped"),
    /** A WebSocket frame payload that could not be rewritten soundly (compressed, over the limit): dropped. */
    WS_PAYLOAD_DROPPED("ws-payload-dropped"),
    /** An xpress-compressed {@code rsp:Stream} that did not decompress: nothing tells what it holds, recorded empty. */
    COMPRESSED_STREAM_DROPPED("compressed-stream-dropped"),
    /** A body that redaction could not rewrite into a readable document: dropped whole rather than leaked. */
    BODY_DROPPED("body-dropped");

    private final String jsonName;

    RedactionKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
