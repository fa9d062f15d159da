package dev.tapdeck.protocol.ws;

import java.util.Objects;

/** The head of an HTTP upgrade request as it crossed the wire (RFC 6455 4.1). */
public record HandshakeRequest(String method, String httpVersion, HeaderFields headers) {
    public HandshakeRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(httpVersion, "httpVersion");
        Objects.requireNonNull(headers, "headers");
    }
}
