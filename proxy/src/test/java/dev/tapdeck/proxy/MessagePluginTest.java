package dev.tapdeck.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.plugin.Interception;
import dev.tapdeck.proxy.plugin.MessagePlugin;
import dev.tapdeck.proxy.plugin.PluginCatalog;
import dev.tapdeck.proxy.plugin.PluginSpec;
import dev.tapdeck.proxy.plugin.PluginVeto;
import dev.tapdeck.proxy.plugin.WsMessage;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 8 part 2 with a real client (node-ws): a message plug-in sees each message with its frames, passes
 * "hello" (sent in two fragments) and vetoes "rm -rf /": the client sees a Close 1008 with the plug-in's
 * reason, and the upstream never gets the refused message.
 */
class MessagePluginTest extends WebSocketTestBase {

    /** Refuses messages containing "rm -rf"; remembers what it saw. */
    static final class Guard implements MessagePlugin {
        final List<WsMessage> seen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "guard";
        }

        @Override
        public CompletionStage<Void> onMessage(WsMessage message) {
            seen.add(message);
            return message.text().contains("rm -rf")
                    ? CompletableFuture.failedFuture(new PluginVeto("no rm -rf over this socket"))
                    : CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aVetoClosesWith1008AndTheReasonSeenByNodeWs() throws Exception {
        String missing = PeerProcess.missing("node");
        assumeTrue(missing == null, () -> "skipped: " + missing);
        List<String> upstreamGot = new CopyOnWriteArrayList<>();
        HttpServer echo = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(t -> {
            upstreamGot.add(t);
            ws.writeTextMessage(t);
        }));
        echo.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        Guard guard = new Guard();
        ProxyConfig config = config(echo.actualPort(), Policy.OBSERVE)
                .withInterception(Interception.NONE.withPlugins(List.of(PluginSpec.named("guard"))));
        Path scripts = Path.of(getClass().getResource("/ws-peers/ws_veto_client.js").toURI()).getParent();
        try (ProxyHarness h = new ProxyHarness(vertx, new TapdeckProxy(config, sink, ProxyClock.SYSTEM,
                PluginCatalog.of(Map.of("guard", () -> guard))), false);
             PeerProcess client = PeerProcess.script("node", scripts, "ws_veto_client",
                     "ws://127.0.0.1:" + h.proxy.port("main") + "/")) {
            JsonNode report = client.report();
            assertEquals(List.of("hello"), PeerProcess.strings(report.path("echoes")));
            assertEquals(1008, report.path("code").asInt(), report.toString());
            assertEquals("no rm -rf over this socket", report.path("reason").asText());
            assertEquals(List.of("hello"), upstreamGot, "the upstream never got the refused message");

            WsMessage hello = guard.seen.get(0);
            assertTrue(hello.fromClient());
            assertEquals(2, hello.frames().size(), "the message with its two frames");
            assertEquals("hello", hello.text());
            assertTrue(guard.seen.stream().anyMatch(m -> !m.fromClient() && m.text().equals("hello")), "the echo too");
            TapEvent.PluginDecided veto = sink.of(TapEvent.PluginDecided.class).stream()
                    .filter(d -> d.outcome() == TapEvent.PluginOutcome.VETOED).findFirst().orElseThrow();
            assertEquals(1008L, veto.code());
            assertEquals("no rm -rf over this socket", veto.reason());
        }
    }
}
