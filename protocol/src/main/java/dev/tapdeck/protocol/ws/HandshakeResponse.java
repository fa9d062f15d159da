package dev.tapdeck.protocol.ws;

import java.util.Objects;

/** The head of the server's answer to an upgrade request (RFC 6455 4.2.2). */
public record HandshakeResponse(int status, String httpVersion, HeaderFields headers) {
    public static final int SWITCHING_PROTOCOLS = 101;

    public HandshakeResponse {
        Objects.requireNonNull(httpVersion, "httpVersion");
        Objects.requireNonNull(headers, "headers");
    }
}
