package dev.tapdeck.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real peers from Debian packages through the proxy: a python3-websockets 10.4 server with a node-ws 8.11
 * client, and the other way round, with and without permessage-deflate. Both send a bounded random
 * session (text, binary, fragmented, pings); every message must arrive as it was sent (SHA-256 lists
 * printed by both scripts), and the tap must report no rule occurrence at all. Skipped when a peer is
 * not installed.
 */
class WebSocketPeersTest extends WebSocketTestBase {
    private static final int MESSAGES = 40;


    @ParameterizedTest(name = "{0} server, {1} client, deflate {2}")
    @CsvSource({"python, node, off", "python, node, on", "node, python, off", "node, python, on"})
    void aRandomSessionCrossesUnchangedAndClean(String serverPeer, String clientPeer, String deflate) throws Exception {
        for (String peer : List.of(serverPeer, clientPeer)) {
            String missing = PeerProcess.missing(peer);
            assumeTrue(missing == null, () -> "skipped: " + missing);
        }
        Path scripts = Path.of(getClass().getResource("/ws-peers/ws_peer.py").toURI()).getParent();
        int seed = (serverPeer + deflate).hashCode();
        try (PeerProcess server = PeerProcess.start(serverPeer, scripts, "server", String.valueOf(seed),
                String.valueOf(MESSAGES), deflate);
             ProxyHarness h = new ProxyHarness(vertx, config(server.listeningPort(), Policy.OBSERVE), sink);
             PeerProcess client = PeerProcess.start(clientPeer, scripts, "client", String.valueOf(seed + 1),
                     String.valueOf(MESSAGES), deflate, "ws://127.0.0.1:" + h.proxy.port("main") + "/session")) {
            JsonNode c = client.report();
            JsonNode s = server.report();
            TapEvent.SessionEnded end = WsEvents.awaitEnd(sink);

            List<String> clientSent = PeerProcess.strings(c.path("sent"));
            List<String> serverSent = PeerProcess.strings(s.path("sent"));
            assertEquals(MESSAGES + 1, clientSent.size());
            assertEquals(clientSent, PeerProcess.strings(s.path("received")), "client to server, message for message");
            assertEquals(serverSent, PeerProcess.strings(c.path("received")), "server to client, message for message");

            TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
            assertTrue(hs.upgraded());
            assertEquals(List.of(), hs.violations(), "the handshake is clean");
            assertEquals(deflate.equals("on"), hs.extensions().stream().anyMatch(e -> e.startsWith("permessage-deflate")),
                    hs.extensions().toString());
            assertEquals(List.of(), WsEvents.ruleIds(sink), "real peers: no rule occurrence");
            assertTrue(sink.of(TapEvent.WsDecodingStopped.class).isEmpty(), sink.of(TapEvent.WsDecodingStopped.class).toString());
            assertEquals(clientSent.size(), WsEvents.messages(sink, Direction.CLIENT_TO_SERVER).size());
            assertEquals(serverSent.size(), WsEvents.messages(sink, Direction.SERVER_TO_CLIENT).size());
            if (deflate.equals("on")) {
                assertTrue(sink.of(TapEvent.WsMessageAssembled.class).stream().anyMatch(TapEvent.WsMessageAssembled::compressed),
                        "with permessage-deflate some messages are compressed, and the tap inflated them");
            }
            System.out.printf("%s server, %s client, deflate %s: %d B client->server, %d B server->client, "
                            + "%d frames, %d messages relayed%n", serverPeer, clientPeer, deflate, end.bytesFromClient(),
                    end.bytesFromServer(), sink.of(TapEvent.WsFrameDecoded.class).size(),
                    sink.of(TapEvent.WsMessageAssembled.class).size());
        }
    }
}
