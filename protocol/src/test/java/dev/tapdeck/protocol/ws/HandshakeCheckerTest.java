package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.rules.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tapdeck.protocol.ws.Handshakes.request;
import static dev.tapdeck.protocol.ws.Handshakes.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6455 4 opening handshake rules HS-1 to HS-16 and subprotocol negotiation. */
class HandshakeCheckerTest {

    static List<WsRule> rules(List<Violation> violations) {
        return violations.stream().map(v -> (WsRule) v.rule()).toList();
    }

    static List<WsRule> rules(HandshakeRequest request, HandshakeResponse response) {
        return rules(HandshakeChecker.check(request, response).violations());
    }

    @Test
    void acceptOfTheRfcExampleKey() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", HandshakeChecker.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", HandshakeChecker.acceptFor(" dGhlIHNhbXBsZSBub25jZQ== "));
    }

    @Test
    void rfcExampleHandshakeIsClean() {
        HandshakeRequest req = request("Sec-WebSocket-Protocol", "chat, superchat");
        HandshakeOutcome outcome = HandshakeChecker.check(req, response(req, "Sec-WebSocket-Protocol", "chat"));
        assertEquals(List.of(), outcome.violations());
        assertTrue(outcome.upgraded());
        assertEquals(Optional.of("chat"), outcome.subprotocol());
        assertEquals(ExtensionsInUse.NONE, outcome.extensionsInUse());
    }

    @Test
    void listsAndCaseInsensitiveTokensAsBrowsersSendThem() {
        HandshakeRequest req = new HandshakeRequest("GET", "HTTP/1.1", HeaderFields.of(Map.of(
                "host", List.of("h"), "UPGRADE", List.of("WebSocket"), "connection", List.of("keep-alive, Upgrade"),
                "sec-websocket-key", List.of("AQIDBAUGBwgJCgsMDQ4PEC=="), "Sec-WebSocket-Version", List.of("13"))));
        HandshakeResponse resp = response(req, "Upgrade", "WebSocket", "Connection", "upgrade");
        assertEquals(List.of(), rules(req, resp), "RFC 6455 4.1's own non-canonical key is accepted (notes HS-5)");
    }

    @Test
    void eachMissingRequestFieldIsReportedAndA101ToItIsTheServersFault() {
        assertEquals(List.of(WsRule.HOST_MISSING, WsRule.INVALID_HANDSHAKE_ACCEPTED), rules(request("Host", null), response(request())));
        assertEquals(List.of(WsRule.REQUEST_UPGRADE_NOT_WEBSOCKET, WsRule.INVALID_HANDSHAKE_ACCEPTED),
                rules(request("Upgrade", "h2c"), response(request())));
        assertEquals(List.of(WsRule.REQUEST_CONNECTION_NOT_UPGRADE, WsRule.INVALID_HANDSHAKE_ACCEPTED),
                rules(request("Connection", "keep-alive"), response(request())));
        assertEquals(List.of(WsRule.KEY_INVALID, WsRule.INVALID_HANDSHAKE_ACCEPTED),
                rules(request("Sec-WebSocket-Key", null), response(request())));
        assertEquals(List.of(WsRule.VERSION_NOT_13, WsRule.INVALID_HANDSHAKE_ACCEPTED),
                rules(request("Sec-WebSocket-Version", null), response(request())));
    }

    @Test
    void methodVersionAndDuplicatedFields() {
        HandshakeRequest post = new HandshakeRequest("POST", "HTTP/1.1", request().headers());
        assertEquals(List.of(WsRule.REQUEST_NOT_GET_HTTP11), rules(HandshakeChecker.checkRequest(post)));
        HandshakeRequest http10 = new HandshakeRequest("GET", "HTTP/1.0", request().headers());
        assertEquals(List.of(WsRule.REQUEST_NOT_GET_HTTP11), rules(HandshakeChecker.checkRequest(http10)));
        assertEquals(List.of(), rules(HandshakeChecker.checkRequest(new HandshakeRequest("GET", "HTTP/2", request().headers()))));
        assertEquals(List.of(WsRule.KEY_INVALID), rules(HandshakeChecker.checkRequest(request("+Sec-WebSocket-Key", Handshakes.KEY))));
        assertEquals(List.of(WsRule.VERSION_NOT_13), rules(HandshakeChecker.checkRequest(request("+Sec-WebSocket-Version", "13"))));
        // k3po request.header.sec.websocket.key.not.16bytes.base64: 15 bytes
        assertEquals(List.of(WsRule.KEY_INVALID), rules(HandshakeChecker.checkRequest(request("Sec-WebSocket-Key", "IHNhbXBsZSBub25jZQ=="))));
        assertEquals(List.of(WsRule.KEY_INVALID), rules(HandshakeChecker.checkRequest(request("Sec-WebSocket-Key", "not base64!"))));
        assertEquals(List.of(WsRule.SUBPROTOCOL_OFFER_INVALID, WsRule.SUBPROTOCOL_OFFER_INVALID),
                rules(HandshakeChecker.checkRequest(request("Sec-WebSocket-Protocol", "chat, chat, ", "+Sec-WebSocket-Protocol", "x"))));
    }

    @Test
    void acceptMustAnswerTheKeyExactlyOnce() {
        HandshakeRequest req = request();
        assertEquals(List.of(WsRule.ACCEPT_MISMATCH), rules(req, response(req, "Sec-WebSocket-Accept", null)));
        assertEquals(List.of(WsRule.ACCEPT_MISMATCH), rules(req, response(req, "Sec-WebSocket-Accept", Handshakes.KEY)));
        assertEquals(List.of(WsRule.ACCEPT_MISMATCH),
                rules(req, response(req, "+Sec-WebSocket-Accept", HandshakeChecker.acceptFor(Handshakes.KEY))));
        assertEquals(List.of(), rules(req, response(req, "Sec-WebSocket-Accept", " s3pPLMBiTxaQ9kYGzzhZRbK+xOo= ")));
    }

    @Test
    void responseUpgradeAndConnection() {
        HandshakeRequest req = request();
        assertEquals(List.of(WsRule.RESPONSE_UPGRADE_NOT_WEBSOCKET), rules(req, response(req, "Upgrade", null)));
        assertEquals(List.of(WsRule.RESPONSE_CONNECTION_NOT_UPGRADE), rules(req, response(req, "Connection", "close")));
    }

    @Test
    void serverChoosesOnlyAnOfferedSubprotocolOnce() {
        HandshakeRequest offers = request("Sec-WebSocket-Protocol", "chat, superchat");
        assertEquals(List.of(WsRule.SUBPROTOCOL_NOT_OFFERED), rules(offers, response(offers, "Sec-WebSocket-Protocol", "mqtt")));
        assertEquals(List.of(WsRule.SUBPROTOCOL_NOT_OFFERED), rules(offers, response(offers, "Sec-WebSocket-Protocol", "")));
        assertEquals(List.of(WsRule.SUBPROTOCOL_NOT_OFFERED),
                rules(offers, response(offers, "Sec-WebSocket-Protocol", "chat", "+Sec-WebSocket-Protocol", "chat")));
        assertEquals(List.of(WsRule.SUBPROTOCOL_NOT_OFFERED), rules(request(), response(request(), "Sec-WebSocket-Protocol", "chat")));
    }

    @Test
    void non101MeansNoWebSocketAndNoViolation() {
        HandshakeOutcome refused = HandshakeChecker.check(request(),
                new HandshakeResponse(403, "HTTP/1.1", HeaderFields.of("Content-Length", "0")));
        assertFalse(refused.upgraded());
        assertEquals(List.of(), refused.violations());
        assertEquals(ExtensionsInUse.NONE, refused.extensionsInUse());
    }

    @Test
    void versionRefusalListsTheSupportedVersions() {
        HandshakeRequest v8 = request("Sec-WebSocket-Version", "8");
        assertEquals(List.of(WsRule.VERSION_NOT_13, WsRule.VERSION_REFUSAL_WITHOUT_VERSIONS),
                rules(v8, new HandshakeResponse(426, "HTTP/1.1", HeaderFields.of())));
        assertEquals(List.of(WsRule.VERSION_NOT_13, WsRule.VERSION_REFUSAL_WITHOUT_VERSIONS),
                rules(v8, new HandshakeResponse(400, "HTTP/1.1", HeaderFields.of())));
        assertEquals(List.of(WsRule.VERSION_NOT_13),
                rules(v8, new HandshakeResponse(426, "HTTP/1.1", HeaderFields.of("Sec-WebSocket-Version", "13"))));
    }

    @Test
    void earlyClientDataIsAViolation() {
        Violation v = HandshakeChecker.dataBeforeResponse(17);
        assertEquals(WsRule.DATA_BEFORE_HANDSHAKE_RESPONSE, v.rule());
        assertEquals(Severity.VIOLATION, v.severity());
        assertTrue(v.detail().contains("17"));
    }
}
