package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Violation;

import java.util.List;
import java.util.Optional;

/**
 * What an opening handshake established.
 *
 * @param upgraded         the server answered 101: frames follow in both directions (RFC 6455 4.2.2);
 *                         otherwise the connection stays HTTP
 * @param subprotocol      the server's Sec-WebSocket-Protocol
 * @param extensions       the server's Sec-WebSocket-Extensions, in order ("extensions in use", 9.1)
 * @param extensionsInUse  the same, reduced to what the frame decoders need
 * @param violations       rule occurrences of request and response, request first
 */
public record HandshakeOutcome(boolean upgraded, Optional<String> subprotocol, List<Extension> extensions,
                               ExtensionsInUse extensionsInUse, List<Violation> violations) {
    public HandshakeOutcome {
        extensions = List.copyOf(extensions);
        violations = List.copyOf(violations);
    }
}
