package dev.tapdeck.protocol.wsman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Hand-written envelopes for the reader tests, and assertions on what the reader returns. */
final class TestEnvelopes {
    /** SOAP prefixes real senders use for the same namespace (protocol-notes A.2). */
    static final List<String> SOAP_PREFIXES = List.of("s", "env", "soap", "SOAP-ENV");

    private static final String DECLARATIONS = " xmlns:wsa=\"" + WsmanNamespaces.ADDRESSING + "\""
            + " xmlns:wsman=\"" + WsmanNamespaces.WSMAN + "\""
            + " xmlns:wsmv=\"" + WsmanNamespaces.WSMV + "\""
            + " xmlns:rsp=\"" + WsmanNamespaces.SHELL + "\""
            + " xmlns:x=\"" + WsmanNamespaces.TRANSFER + "\""
            + " xmlns:f=\"" + WsmanNamespaces.WSMAN_FAULT + "\"";

    private TestEnvelopes() {
    }

    /**
     * An envelope whose SOAP elements use {@code soapPrefix}; {@code {s}} in the header and body stands
     * for that prefix. The other prefixes (wsa, wsman, wsmv, rsp, x, f) are declared on the envelope.
     */
    static byte[] envelope(String soapPrefix, String header, String body) {
        String s = soapPrefix;
        String xml = "<" + s + ":Envelope xmlns:" + s + "=\"" + WsmanNamespaces.SOAP + "\"" + DECLARATIONS + ">"
                + "<" + s + ":Header>" + header.replace("{s}", s) + "</" + s + ":Header>"
                + "<" + s + ":Body>" + body.replace("{s}", s) + "</" + s + ":Body>"
                + "</" + s + ":Envelope>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] envelope(String header, String body) {
        return envelope("s", header, body);
    }

    static byte[] body(String body) {
        return envelope("s", "", body);
    }

    static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** Asserts the reader parsed the envelope without problems and returns it. */
    static WsmanEnvelope clean(EnvelopeDecoded decoded) {
        EnvelopeDecoded.EnvelopeParsed parsed = assertInstanceOf(EnvelopeDecoded.EnvelopeParsed.class, decoded);
        assertEquals(List.of(), parsed.problems(), "problems");
        return parsed.envelope();
    }

    /** Asserts the reader parsed the envelope and returns the result with its problems. */
    static EnvelopeDecoded.EnvelopeParsed parsed(EnvelopeDecoded decoded) {
        return assertInstanceOf(EnvelopeDecoded.EnvelopeParsed.class, decoded);
    }

    /** Asserts the reader rejected the body with {@code kind} and returns the problem. */
    static DecodeProblem rejected(DecodeProblem.Kind kind, EnvelopeDecoded decoded) {
        EnvelopeDecoded.EnvelopeRejected r = assertInstanceOf(EnvelopeDecoded.EnvelopeRejected.class, decoded,
                () -> "expected a rejection but got " + decoded);
        assertEquals(kind, r.problem().kind(), r.problem()::toString);
        return r.problem();
    }

    /** The body of an envelope, asserted to be of {@code type}. */
    static <T extends WsmanBody> T body(Class<T> type, WsmanEnvelope envelope) {
        return assertInstanceOf(type, envelope.body());
    }
}
