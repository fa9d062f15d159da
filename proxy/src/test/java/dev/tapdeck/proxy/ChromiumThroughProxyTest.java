package dev.tapdeck.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.MessageType;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tapdeck.proxy.RawWsClient.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A page in headless Chromium (Debian's chromium) opens a WebSocket through the proxy to a Vert.x echo
 * server, sends text (empty, non-ASCII, 16 KB) and binary (256 B, 100 KB) messages and checks the echoes.
 * Chromium and Vert.x agree on permessage-deflate, so the tap must inflate every message: its events must
 * match what the page sent (type, size, start), the recorded chunks decoded again must give the page's
 * SHA-256 of every message both ways, and no rule may occur. The page and a screenshot of it end up under
 * target/chromium/. Skipped when chromium is not installed.
 */
class ChromiumThroughProxyTest extends WebSocketTestBase {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String SUBPROTOCOL = "tapdeck-echo";

    @Test
    void aBrowserSessionIsRelayedAndTheTapInflatesItsMessages(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), () -> "skipped: " + CHROMIUM + " is not installed (apt-get install -y chromium)");
        Path out = Files.createDirectories(Path.of("target", "chromium"));
        HttpServer echo = echoServer();
        try (ProxyHarness h = new ProxyHarness(vertx, config(echo.actualPort(), Policy.OBSERVE), sink)) {
            Promise<String> results = Promise.promise();
            String page = new String(getClass().getResourceAsStream("/ws-browser/page.html").readAllBytes(), StandardCharsets.UTF_8)
                    .replace("__WS_URL__", "ws://127.0.0.1:" + h.proxy.port("main") + "/echo");
            HttpServer site = vertx.createHttpServer().requestHandler(req -> serve(req, page, results))
                    .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            vertx.setTimer(60_000, t -> results.tryFail("the page posted no results within 60 s"));

            int exit = runChromium(profile, out, "http://127.0.0.1:" + site.actualPort() + "/page.html");
            JsonNode r = new ObjectMapper().readTree(results.future().await(10, TimeUnit.SECONDS));
            TapEvent.SessionEnded end = WsEvents.awaitEnd(sink);

            assertEquals(0, exit, () -> "chromium exit status; its log is " + out.resolve("chromium.log"));
            assertTrue(r.path("error").isNull(), r.toString());
            assertEquals(SUBPROTOCOL, r.path("protocol").asText());
            assertTrue(r.path("extensions").asText().startsWith("permessage-deflate"), r.toString());
            assertEquals(1000, r.path("close").path("code").asInt(), r.toString());
            assertTrue(r.path("close").path("wasClean").asBoolean(), r.toString());
            List<JsonNode> sent = list(r.path("sent"));
            assertEquals(6, sent.size(), r.toString());
            assertEquals(sent, list(r.path("received")), "every message came back as it was sent");
            assertTrue(sent.stream().anyMatch(m -> m.path("type").asText().equals("binary") && m.path("size").asInt() > 65536));
            assertTrue(sent.stream().anyMatch(m -> m.path("text").asText().chars().anyMatch(ch -> ch > 0x7f)));
            String dom = Files.readString(out.resolve("page.html"));
            assertTrue(dom.contains("6 of 6 messages echoed, close 1000"), "the page showed its verdict before the dump");
            byte[] png = Files.readAllBytes(out.resolve("page.png"));
            assertArrayEquals(HexFormat.of().parseHex("89504e470d0a1a0a"), Arrays.copyOf(png, 8), "a PNG screenshot");

            TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
            assertTrue(hs.upgraded());
            assertEquals(SUBPROTOCOL, hs.subprotocol());
            assertTrue(hs.extensions().get(0).startsWith("permessage-deflate"), hs.extensions().toString());
            assertEquals(List.of(), hs.violations(), "the handshake is clean");
            assertEquals(List.of(), WsEvents.ruleIds(sink), "Chromium and Vert.x: no rule occurrence");
            assertTrue(sink.of(TapEvent.WsDecodingStopped.class).isEmpty(), sink.of(TapEvent.WsDecodingStopped.class).toString());
            for (Direction d : Direction.values()) {
                assertTapInflated(d, sent);
            }
            System.out.printf("chromium: subprotocol %s, offered [%s], accepted %s; %d messages / %d B of messages "
                            + "/ %d B on the wire client->server (%d compressed), %d B server->client (%d compressed), "
                            + "%d frames%n", hs.subprotocol(), hs.request().header("Sec-WebSocket-Extensions"),
                    hs.extensions(), sent.size(), sent.stream().mapToLong(m -> m.path("size").asLong()).sum(),
                    end.bytesFromClient(), compressed(Direction.CLIENT_TO_SERVER), end.bytesFromServer(),
                    compressed(Direction.SERVER_TO_CLIENT), sink.of(TapEvent.WsFrameDecoded.class).size());
        }
    }

    /** The tap's messages of a direction against the page's: previews and sizes, then whole contents decoded again. */
    private void assertTapInflated(Direction d, List<JsonNode> page) {
        List<TapEvent.WsMessageAssembled> tapped = WsEvents.messages(sink, d);
        assertEquals(page.size(), tapped.size(), d + " message count");
        assertTrue(compressed(d) > 0, d + ": with permessage-deflate the tap saw compressed messages");
        List<WsEvent.MessageAssembled> whole = TappedMessages.of(sink, d);
        assertEquals(page.size(), whole.size(), d + " messages decoded again from the raw chunks");
        for (int i = 0; i < page.size(); i++) {
            JsonNode p = page.get(i);
            TapEvent.WsMessageAssembled m = tapped.get(i);
            String what = d + " message " + i;
            boolean text = p.path("type").asText().equals("text");
            assertEquals(text ? MessageType.TEXT : MessageType.BINARY, m.type(), what);
            assertEquals(p.path("size").asLong(), m.size(), what + ": inflated size");
            if (!p.path("text").isNull()) {
                assertEquals(p.path("text").asText(), m.text(), what);
            }
            if (!text) {
                assertEquals(p.path("head").asText(), m.hexPreview(), what);
            }
            assertTrue(whole.get(i).complete(), what);
            assertEquals(p.path("sha256").asText(), sha256(whole.get(i).data().bytes()), what + ": whole content");
        }
    }

    private long compressed(Direction d) {
        return WsEvents.messages(sink, d).stream().filter(TapEvent.WsMessageAssembled::compressed).count();
    }

    /** Vert.x echoes every message as it came, with permessage-deflate (on by default) and room for 100 KB frames. */
    private HttpServer echoServer() throws Exception {
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setWebSocketSubProtocols(List.of(SUBPROTOCOL)).setPerMessageWebSocketCompressionSupported(true)
                .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(1 << 20);
        return vertx.createHttpServer(options).webSocketHandler(ws -> {
            ws.textMessageHandler(ws::writeTextMessage);
            ws.binaryMessageHandler(ws::writeBinaryMessage);
        }).listen().await(10, TimeUnit.SECONDS);
    }

    /** The page; its results; and /done, held until the results arrived so that the page's load event waits. */
    private static void serve(HttpServerRequest req, String page, Promise<String> results) {
        switch (req.path()) {
            case "/page.html" -> req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
            case "/results" -> req.body().onSuccess(b -> {
                results.tryComplete(b.toString(StandardCharsets.UTF_8));
                req.response().setStatusCode(204).end();
            });
            case "/done" -> results.future().onComplete(ar -> req.response().setStatusCode(204).end());
            default -> req.response().setStatusCode(404).end();
        }
    }

    /**
     * Headless Chromium loads the page and, after its load event, prints the DOM and takes a screenshot.
     * --no-sandbox: Chromium refuses to run as root with its sandbox (CI containers), and a test page needs none.
     */
    private static int runChromium(Path profile, Path out, String url) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-proxy-server", "--user-data-dir=" + profile,
                "--window-size=1000,700", "--screenshot=" + out.resolve("page.png").toAbsolutePath(), "--dump-dom", url)
                .redirectOutput(out.resolve("page.html").toFile()).redirectError(out.resolve("chromium.log").toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within 90 s; see " + out.resolve("chromium.log"));
            }
            return p.exitValue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
