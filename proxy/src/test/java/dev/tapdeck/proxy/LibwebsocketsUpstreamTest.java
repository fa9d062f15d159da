package dev.tapdeck.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.MessageType;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * libwebsockets' own test server (Debian libwebsockets-test-server 4.1) as the upstream, with a
 * python3-websockets and a node-ws client through the proxy, on both of its subprotocols:
 * dumb-increment-protocol (a count every 50 ms, restarted by "reset\n") and lws-mirror-protocol (echoes
 * what it reads to the connected clients, one text message per socket read). Both clients offer permessage-deflate; this libwebsockets build
 * declines it (dumb-increment's receive buffer is under the 128 bytes the extension needs, and its mirror
 * does not take it either), so the test asserts that whatever the 101 said matches what crossed. The tap
 * must have seen exactly the messages the client sent and received, and no rule occurrence.
 */
class LibwebsocketsUpstreamTest extends WebSocketTestBase {
    static final Path SERVER = Path.of("/usr/bin/libwebsockets-test-server");

    @ParameterizedTest(name = "{0} client, {1}")
    @CsvSource({"python, dumb-increment-protocol", "node, dumb-increment-protocol",
            "python, lws-mirror-protocol", "node, lws-mirror-protocol"})
    void aRealLwsSessionCrossesCleanAndTheTapSawWhatTheClientGot(String clientPeer, String subprotocol) throws Exception {
        assumeTrue(Files.isExecutable(SERVER), () -> "skipped: " + SERVER
                + " is not installed (apt-get install -y libwebsockets-test-server)");
        String missing = PeerProcess.missing(clientPeer);
        assumeTrue(missing == null, () -> "skipped: " + missing);
        Path scripts = Path.of(getClass().getResource("/ws-peers/lws_client.py").toURI()).getParent();
        int port = freePort();
        // try-with-resources: the server process is killed whatever happens (PeerProcess.close)
        try (PeerProcess server = PeerProcess.command("libwebsockets-test-server", SERVER.toString(), "--port=" + port)) {
            awaitAccepting(server, port);
            try (ProxyHarness h = new ProxyHarness(vertx, config(port, Policy.OBSERVE), sink);
                 PeerProcess client = PeerProcess.script(clientPeer, scripts, "lws_client",
                         "ws://127.0.0.1:" + h.proxy.port("main") + "/", subprotocol)) {
                JsonNode c = client.report();
                TapEvent.SessionEnded end = WsEvents.awaitEnd(sink);
                List<String> sent = PeerProcess.strings(c.path("sent"));
                List<String> received = PeerProcess.strings(c.path("received"));
                if (subprotocol.equals("dumb-increment-protocol")) {
                    assertCountsUpWithOneReset(received);
                } else {
                    // the mirror echoes reads, not messages (lws_client.py): a relayed text may come back split
                    assertEquals(16, sent.size());
                    assertTrue(received.size() >= sent.size(), received.toString());
                    assertEquals(String.join("", sent), String.join("", received), "the mirror echoed every text, in order");
                }
                assertEquals(1000, c.path("close").asInt(), c.toString());

                TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
                assertTrue(hs.upgraded());
                assertEquals(subprotocol, hs.subprotocol(), "the server chose the offered subprotocol");
                assertEquals(subprotocol, c.path("subprotocol").asText(), "and the client got it through the proxy");
                boolean deflate = hs.extensions().stream().anyMatch(e -> e.startsWith("permessage-deflate"));
                assertEquals(deflate, !PeerProcess.strings(c.path("extensions")).isEmpty(),
                        "the client saw the extensions the tap saw: " + hs.extensions());
                assertTrue(String.valueOf(hs.request().header("Sec-WebSocket-Extensions")).contains("permessage-deflate"),
                        "the client offered permessage-deflate");
                assertEquals(List.of(), hs.violations(), "the handshake is clean");
                assertEquals(List.of(), WsEvents.ruleIds(sink), "real peers: no rule occurrence");
                assertTrue(sink.of(TapEvent.WsDecodingStopped.class).isEmpty(), sink.of(TapEvent.WsDecodingStopped.class).toString());

                assertTapSaw(Direction.CLIENT_TO_SERVER, sent, deflate);
                assertTapSaw(Direction.SERVER_TO_CLIENT, received, deflate);
                assertTrue(WsEvents.frames(sink, Direction.CLIENT_TO_SERVER).stream().allMatch(TapEvent.WsFrameDecoded::masked));
                assertTrue(WsEvents.frames(sink, Direction.SERVER_TO_CLIENT).stream().noneMatch(TapEvent.WsFrameDecoded::masked));
                assertEquals(List.of(1000), sink.of(TapEvent.WsCloseReceived.class).stream()
                        .filter(x -> x.direction() == Direction.CLIENT_TO_SERVER).map(TapEvent.WsCloseReceived::code).toList());
                assertEquals(1, sink.of(TapEvent.WsCloseReceived.class).stream()
                        .filter(x -> x.direction() == Direction.SERVER_TO_CLIENT).count(), "lws answered the Close");
                System.out.printf("lws %s, %s client: subprotocol %s, offered [%s], accepted %s; %d messages / %d B "
                                + "client->server, %d messages / %d B server->client, %d frames%n", subprotocol, clientPeer,
                        hs.subprotocol(), hs.request().header("Sec-WebSocket-Extensions"), hs.extensions(), sent.size(),
                        end.bytesFromClient(), received.size(), end.bytesFromServer(),
                        sink.of(TapEvent.WsFrameDecoded.class).size());
            }
        }
    }

    /** The tap's messages of a direction are the client's, text for text; data frames end where messages do. */
    private void assertTapSaw(Direction d, List<String> expected, boolean deflate) {
        List<TapEvent.WsMessageAssembled> tapped = WsEvents.messages(sink, d);
        assertEquals(expected.size(), tapped.size(), d + " message count");
        for (int i = 0; i < expected.size(); i++) {
            TapEvent.WsMessageAssembled m = tapped.get(i);
            assertEquals(MessageType.TEXT, m.type(), d + " message " + i);
            assertFalse(m.truncated(), d + " message " + i + " is short enough to be shown whole");
            assertEquals(expected.get(i), m.text(), d + " message " + i);
        }
        if (!deflate) {
            assertTrue(tapped.stream().noneMatch(TapEvent.WsMessageAssembled::compressed), "no extension, no compression");
        }
        long finalDataFrames = WsEvents.frames(sink, d).stream().filter(f -> f.fin() && f.opcode() <= 2).count();
        assertEquals(expected.size(), finalDataFrames, d + " data frames with FIN");
    }

    /** 0, 1, 2, ... then, once the reset arrived, 0, 1, 2, ... again: exactly one restart, after the 10th count. */
    private static void assertCountsUpWithOneReset(List<String> counts) {
        assertTrue(counts.size() >= 21, counts.toString());
        assertEquals("0", counts.get(0));
        int restarts = 0;
        for (int i = 1; i < counts.size(); i++) {
            int n = Integer.parseInt(counts.get(i));
            if (n == 0) {
                restarts++;
                assertTrue(i >= 10, "restarted only after the reset was sent: " + counts);
            } else {
                assertEquals(Integer.parseInt(counts.get(i - 1)) + 1, n, "counts by one: " + counts);
            }
        }
        assertEquals(1, restarts, counts.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitAccepting(PeerProcess server, int port) throws InterruptedException {
        WsEvents.waitUntil(() -> {
            if (!server.isAlive()) {
                return true;
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "libwebsockets-test-server to accept on port " + port);
        assertTrue(server.isAlive(), () -> "libwebsockets-test-server exited: " + server.lines());
    }
}
