package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.plugin.Interception;
import dev.tapdeck.proxy.plugin.PluginCatalog;
import dev.tapdeck.proxy.plugin.PluginSpec;
import dev.tapdeck.proxy.plugin.PluginVeto;
import dev.tapdeck.proxy.plugin.TapdeckPlugin;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8 through the proxy to a scripted cmd-shell upstream: the plug-in sees each Send object in order with
 * NO_MORE_DATA on the last, holds later Sends to the same command, vetoes with a fault, and cannot take the
 * proxy down by throwing, blocking or never completing.
 */
class SendPluginTest {
    private static final String SHELL = "0D6FCA9D-2D40-44C3-B691-E665BE7AA687";
    private static final String CMD_A = "1A2B3C4D-0000-4000-8000-00000000000A";
    private static final String CMD_B = "1A2B3C4D-0000-4000-8000-00000000000B";
    private static final Pattern STREAM = Pattern.compile("<rsp:Stream [^>]*>([^<]*)</rsp:Stream>");

    private Vertx vertx;
    private final CollectingSink sink = new CollectingSink();
    private final CmdShellScript script = new CmdShellScript(SHELL,
            command -> command.contains("<rsp:Command>b</rsp:Command>") ? CMD_B : CMD_A);

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private Future<ScriptedUpstream.Reply> winrm(ScriptedUpstream.Received r) {
        return script.answer(r);
    }

    private ProxyHarness proxy(ScriptedUpstream up, Interception interception, TapdeckPlugin... plugins) throws Exception {
        Map<String, Supplier<? extends TapdeckPlugin>> factories = new java.util.HashMap<>();
        List<PluginSpec> specs = new ArrayList<>();
        for (TapdeckPlugin p : plugins) {
            factories.put(p.name(), () -> p);
            specs.add(PluginSpec.named(p.name()));
        }
        ProxyConfig config = ProxyHarness.config(up.port(), Policy.OBSERVE).withInterception(interception.withPlugins(specs));
        return new ProxyHarness(vertx, new TapdeckProxy(config, sink, ProxyClock.SYSTEM, PluginCatalog.of(factories)), false);
    }

    /** A Send whose Stream elements carry {@code texts}; none says End. */
    private static String send(String messageId, String commandId, String... texts) {
        return send(messageId, commandId, false, texts);
    }

    /** A Send whose Stream elements carry {@code texts}; with {@code end}, the last one says End="true". */
    private static String send(String messageId, String commandId, boolean end, String... texts) {
        StringBuilder streams = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            streams.append("<rsp:Stream Name=\"stdin\" CommandId=\"").append(commandId).append("\" End=\"")
                    .append(end && i == texts.length - 1).append("\">")
                    .append(Base64.getEncoder().encodeToString(texts[i].getBytes(StandardCharsets.UTF_8))).append("</rsp:Stream>");
        }
        return Envelopes.request("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send", messageId, SHELL,
                "<rsp:Send>" + streams + "</rsp:Send>");
    }

    private static String stdin(String text) {
        return send("uuid:X", CMD_A, text);
    }

    /** The stdin texts of the Sends the upstream received for a command, in arrival order. */
    private static List<String> upstreamSends(ScriptedUpstream up, String commandId) {
        List<String> out = new ArrayList<>();
        for (ScriptedUpstream.Received r : up.received) {
            if (r.text().contains("shell/Send<") && r.text().contains(commandId)) {
                Matcher m = STREAM.matcher(r.text());
                while (m.find()) {
                    out.add(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** The recorded decisions on Send objects (Commands are shown to the plug-ins too). */
    private static List<TapEvent.PluginDecided> sends(CollectingSink sink) {
        return sink.of(TapEvent.PluginDecided.class).stream().filter(d -> d.subject().startsWith("Send ")).toList();
    }

    private void openShellAndCommands(ProxyHarness h) throws Exception {
        assertEquals(200, h.post(Envelopes.create("uuid:C1")).statusCode());
        assertEquals(200, h.post(Envelopes.command("uuid:C2", SHELL, "a")).statusCode());
        assertEquals(200, h.post(Envelopes.command("uuid:C3", SHELL, "b")).statusCode());
    }

    @Test
    void aSlowPluginKeepsEachCommandsSendsInOrderAndSeesNoMoreDataOnTheLastObject() throws Exception {
        CompletableFuture<Void> releaseA1 = new CompletableFuture<>();
        TestSendPlugin slow = new TestSendPlugin("slow", o -> {
            if (new String(o.data(), StandardCharsets.UTF_8).equals("a1")) {
                return releaseA1; // the first Send to command A waits for the test
            }
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        });
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = proxy(up, Interception.NONE, slow)) {
            openShellAndCommands(h);
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            answers.add(h.postAsync(send("uuid:A1", CMD_A, "a1")));
            WsEvents.waitUntil(() -> slow.seen.size() == 1, "the plug-in to see a1");
            // the client does not wait for a1's SendResponse: a2 and a3 arrive while the plug-in holds a1
            answers.add(h.postAsync(send("uuid:A2", CMD_A, "a2")));
            WsEvents.waitUntil(() -> h.proxy.heldSends() == 1, "a2 to be held");
            answers.add(h.postAsync(send("uuid:A3", CMD_A, true, "a3-part1", "a3-part2")));
            WsEvents.waitUntil(() -> h.proxy.heldSends() == 2, "a3 to be held");
            // command B is another target: it goes on while A waits
            assertEquals(200, h.post(send("uuid:B1", CMD_B, "b1")).statusCode());
            assertEquals(200, h.post(send("uuid:B2", CMD_B, true, "b2-part1", "b2-part2")).statusCode());
            assertEquals(List.of(), upstreamSends(up, CMD_A), "nothing of command A went up while the plug-in held a1");
            assertEquals(List.of("a1"), slow.texts(CMD_A), "the next object is offered only once a1 completed");

            releaseA1.complete(null);
            for (CompletableFuture<HttpResponse<String>> a : answers) {
                assertEquals(200, a.get(10, TimeUnit.SECONDS).statusCode());
            }
            assertEquals(List.of("a1", "a2", "a3-part1", "a3-part2"), upstreamSends(up, CMD_A));
            assertEquals(List.of("b1", "b2-part1", "b2-part2"), upstreamSends(up, CMD_B));
            assertEquals(List.of("a1", "a2", "a3-part1", "a3-part2"), slow.texts(CMD_A));
            List<String> ended = slow.seen.stream().filter(TestSendPlugin.Seen::noMoreData).map(TestSendPlugin.Seen::text).toList();
            assertEquals(List.of("b2-part2", "a3-part2"), ended, "NO_MORE_DATA exactly on the objects whose stream says End");
            assertTrue(slow.seen.stream().noneMatch(s -> s.thread().contains("eventloop")),
                    "plug-ins run off the event loop: " + slow.seen);
            assertEquals(7, sends(sink).stream().filter(d -> d.outcome() == TapEvent.PluginOutcome.PASSED).count(),
                    "one recorded decision per object");
        }
    }

    @Test
    void aVetoAnswersWithTheFaultOfThePluginAndNothingGoesUpstream() throws Exception {
        TestSendPlugin deny = new TestSendPlugin("deny", o -> new String(o.data(), StandardCharsets.UTF_8).contains("format")
                ? CompletableFuture.failedFuture(new PluginVeto(2150858891L, "format is not allowed here"))
                : CompletableFuture.completedFuture(null));
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = proxy(up, Interception.NONE, deny)) {
            openShellAndCommands(h);
            assertEquals(200, h.post(send("uuid:A1", CMD_A, "dir\r\n")).statusCode());
            HttpResponse<String> refused = h.post(send("uuid:A2", CMD_A, "format c:\r\n"));
            assertEquals(500, refused.statusCode());
            assertTrue(refused.body().contains("<s:Text xml:lang=\"en-US\">format is not allowed here</s:Text>"), refused.body());
            assertTrue(refused.body().contains("Code=\"2150858891\""), refused.body());
            assertTrue(refused.body().contains("<a:RelatesTo>uuid:A2</a:RelatesTo>"), refused.body());
            assertEquals(List.of("dir\r\n"), upstreamSends(up, CMD_A), "the upstream never sees the vetoed Send");
            TapEvent.PluginDecided d = sends(sink).stream()
                    .filter(x -> x.outcome() == TapEvent.PluginOutcome.VETOED).findFirst().orElseThrow();
            assertTrue(d.subject().contains("command=" + CMD_A + " stream=stdin object 1/1"), d.subject());
            assertEquals("deny", d.plugin());
            assertEquals(2150858891L, d.code());
            assertEquals("format is not allowed here", d.reason());
            assertTrue(sink.messages().stream().anyMatch(m -> m.verdict() == TapEvent.Verdict.BLOCKED
                    && new String(m.body(), StandardCharsets.UTF_8).contains("uuid:A2")), "recorded as BLOCKED");
            // the next Send to the command is not stuck behind the refused one
            assertEquals(200, h.post(send("uuid:A3", CMD_A, "exit\r\n")).statusCode());
        }
    }

    @Test
    void aThrowingPluginGivesAFaultAndARecordedFailure() throws Exception {
        TestSendPlugin throwing = new TestSendPlugin("throwing", o -> {
            if (new String(o.data(), StandardCharsets.UTF_8).equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return CompletableFuture.completedFuture(null);
        });
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = proxy(up, Interception.NONE, throwing)) {
            openShellAndCommands(h);
            HttpResponse<String> failed = h.post(stdin("boom"));
            assertEquals(500, failed.statusCode());
            assertTrue(failed.body().contains("<s:Value>s:Receiver</s:Value>"), failed.body());
            assertTrue(failed.body().contains("plug-in throwing failed: IllegalStateException: boom"), failed.body());
            TapEvent.PluginDecided d = sends(sink).get(0);
            assertEquals(TapEvent.PluginOutcome.FAILED, d.outcome());
            assertEquals(List.of(), upstreamSends(up, CMD_A));
            assertEquals(200, h.post(stdin("fine")).statusCode(), "the proxy goes on");
            assertEquals(List.of("fine"), upstreamSends(up, CMD_A));
        }
    }

    @Test
    void neverCompletingAndBlockingPluginsTimeOutWhileAParallelSessionGoesOn() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        TestSendPlugin stuck = new TestSendPlugin("stuck", o -> {
            String text = new String(o.data(), StandardCharsets.UTF_8);
            if (text.equals("never")) {
                return new CompletableFuture<>(); // never completes
            }
            if (text.equals("block")) {
                try {
                    unblock.await(); // blocks its thread until the end of the test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return CompletableFuture.completedFuture(null);
        });
        Interception limited = Interception.NONE.withTimeLimit(Duration.ofMillis(300));
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = proxy(up, limited, stuck)) {
            openShellAndCommands(h);
            CompletableFuture<HttpResponse<String>> never = h.postAsync(send("uuid:N", CMD_A, "never"));
            CompletableFuture<HttpResponse<String>> block = h.postAsync(send("uuid:K", CMD_B, "block"));
            WsEvents.waitUntil(() -> stuck.seen.size() == 2, "both calls to start");
            // another client connection, meanwhile: a whole exchange goes through
            ProxyHarness other = new ProxyHarness(vertx, h.proxy, true);
            assertEquals(200, other.post(Envelopes.create("uuid:P1")).statusCode());

            HttpResponse<String> n = never.get(10, TimeUnit.SECONDS);
            HttpResponse<String> b = block.get(10, TimeUnit.SECONDS);
            for (HttpResponse<String> r : List.of(n, b)) {
                assertEquals(500, r.statusCode());
                assertTrue(r.body().contains("plug-in stuck did not complete within 300 ms"), r.body());
            }
            assertEquals(List.of(TapEvent.PluginOutcome.TIMED_OUT, TapEvent.PluginOutcome.TIMED_OUT),
                    sends(sink).stream().map(TapEvent.PluginDecided::outcome).toList());
            assertTrue(upstreamSends(up, CMD_A).isEmpty() && upstreamSends(up, CMD_B).isEmpty());
            unblock.countDown();
            assertEquals(200, h.post(send("uuid:A9", CMD_A, "after")).statusCode(), "the lane is free again");
        }
    }

    @Test
    void serializeModeHoldsTheSecondOutstandingSendAndTheSessionStaysCompliant() throws Exception {
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = proxy(up, Interception.NONE.withSerializeSends(true))) {
            assertEquals(200, h.post(Envelopes.create("uuid:C1")).statusCode());
            assertEquals(200, h.post(Envelopes.command("uuid:C2", SHELL, "cat")).statusCode());
            script.holdNextSend = true;
            CompletableFuture<HttpResponse<String>> first = h.postAsync(
                    Envelopes.send("uuid:S1", SHELL, CMD_A, "one".getBytes(StandardCharsets.UTF_8), false));
            WsEvents.waitUntil(() -> script.held.size() == 1, "the upstream to hold the first Send");
            // the WinrmRelayTest client: a second Send before the first's SendResponse
            CompletableFuture<HttpResponse<String>> second = h.postAsync(
                    Envelopes.send("uuid:S2", SHELL, CMD_A, "two".getBytes(StandardCharsets.UTF_8), true));
            WsEvents.waitUntil(() -> h.proxy.heldSends() == 1, "the proxy to hold the second Send");
            assertEquals(1, up.received.stream().filter(r -> r.text().contains("shell/Send<")).count(),
                    "the second Send waits for the first's SendResponse");
            script.held.get(0).complete(null);
            assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(200, second.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(List.of("one", "two"), upstreamSends(up, CMD_A));
            assertEquals(List.of(), sink.ruleIds(), "a compliant session: zero violations");
        }
    }

    @Test
    void pluginsComeFromTheServiceLoaderByNameWithTheirSettings() throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PluginCatalog.serviceLoader().create("no-such-plugin"));
        assertTrue(unknown.getMessage().contains("test-refuse-all"), unknown.getMessage());
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm)) {
            ProxyConfig config = ProxyHarness.config(up.port(), Policy.OBSERVE).withInterception(Interception.NONE
                    .withPlugins(List.of(new PluginSpec("test-refuse-all",
                            new JsonObject().put("code", 42).put("message", "from the settings")))));
            try (ProxyHarness h = new ProxyHarness(vertx, config, sink)) {
                openShellAndCommands(h);
                HttpResponse<String> r = h.post(stdin("x"));
                assertEquals(500, r.statusCode());
                assertTrue(r.body().contains("Code=\"42\"") && r.body().contains("from the settings"), r.body());
                assertFalse(upstreamSends(up, CMD_A).contains("x"));
            }
        }
    }
}
