package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conversations through the proxy to a scripted upstream: "client sends X, expect forward Y and
 * violation Z". The upstream's answers are held or released by the test, so the timing of concurrent
 * Sends is deterministic.
 */
class WinrmRelayTest {
    private static final String SHELL = "0D6FCA9D-2D40-44C3-B691-E665BE7AA687";
    private static final String CMD_ID = "1A2B3C4D-0000-4000-8000-000000000001";

    private Vertx vertx;
    private final CollectingSink sink = new CollectingSink();
    private final CmdShellScript script = new CmdShellScript(SHELL, command -> CMD_ID);

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

    private void openShellAndCommand(ProxyHarness h) throws Exception {
        assertEquals(200, h.post(Envelopes.create("uuid:C1")).statusCode());
        assertEquals(200, h.post(Envelopes.command("uuid:C2", SHELL, "cat")).statusCode());
    }

    /** Opens a shell and a command, then sends a Send the upstream holds until the test releases it. */
    private CompletableFuture<HttpResponse<String>> firstSendHeld(ProxyHarness h) throws Exception {
        openShellAndCommand(h);
        script.holdNextSend = true;
        CompletableFuture<HttpResponse<String>> first = h.postAsync(
                Envelopes.send("uuid:S1", SHELL, CMD_ID, "one".getBytes(StandardCharsets.UTF_8), false));
        waitUntil(() -> script.held.size() == 1);
        return first;
    }

    @Test
    void forwardsTheExactBytesBothWays() throws Exception {
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = new ProxyHarness(vertx, ProxyHarness.config(up.port(), Policy.OBSERVE), sink)) {
            // odd but legal: other prefixes, whitespace, a comment, attribute order
            String create = Envelopes.create("uuid:B9C6A568-20B0-4B50-93EE-E7BCAD5C20DB")
                    .replace("<s:Body>", "<s:Body>\n  <!-- keep me -->\n  ");
            HttpResponse<String> resp = h.post(create);
            assertEquals(200, resp.statusCode());
            assertArrayEquals(create.getBytes(StandardCharsets.UTF_8), up.received.get(0).body(),
                    "the upstream must receive the client's bytes unchanged");
            assertEquals(Envelopes.createResponse("uuid:B9C6A568-20B0-4B50-93EE-E7BCAD5C20DB", SHELL), resp.body());
            assertEquals("kept", up.received.get(0).headers().get("X-Custom"), "end-to-end headers are relayed");
            assertEquals("scripted", resp.headers().firstValue("X-Upstream").orElse(null));
            assertTrue(sink.violations().isEmpty(), sink.violations().toString());
        }
    }

    @Test
    void observeModeForwardsTwoOutstandingSendsAndReportsOneViolation() throws Exception {
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = new ProxyHarness(vertx, ProxyHarness.config(up.port(), Policy.OBSERVE), sink)) {
            CompletableFuture<HttpResponse<String>> first = firstSendHeld(h);
            HttpResponse<String> second = h.post(
                    Envelopes.send("uuid:S2", SHELL, CMD_ID, "two".getBytes(StandardCharsets.UTF_8), true));
            script.held.get(0).complete(null);
            assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(200, second.statusCode());
            assertEquals(2, up.received.stream().filter(r -> r.text().contains("shell/Send<")).count(),
                    "observe mode forwards both Sends");
            assertEquals(List.of(WsmanRule.SEND_OUTSTANDING.id()), sink.ruleIds());
        }
    }

    @Test
    void enforceModeBlocksTheSecondOutstandingSendWithAFault() throws Exception {
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = new ProxyHarness(vertx, ProxyHarness.config(up.port(), Policy.ENFORCE), sink)) {
            CompletableFuture<HttpResponse<String>> first = firstSendHeld(h);
            HttpResponse<String> second = h.post(
                    Envelopes.send("uuid:S2", SHELL, CMD_ID, "two".getBytes(StandardCharsets.UTF_8), true));
            assertEquals(500, second.statusCode());
            assertTrue(second.body().contains("WsmanRule.SEND_OUTSTANDING"), second.body());
            assertTrue(second.body().contains("<s:Value>s:Sender</s:Value>"), second.body());
            assertTrue(second.body().contains("<a:RelatesTo>uuid:S2</a:RelatesTo>"), second.body());
            script.held.get(0).complete(null);
            assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(1, up.received.stream().filter(r -> r.text().contains("shell/Send<")).count(),
                    "the upstream never sees the blocked Send");
            assertTrue(up.received.stream().noneMatch(r -> r.text().contains("uuid:S2")));
            TapEvent.HttpMessageCaptured blocked = sink.messages().stream()
                    .filter(m -> m.verdict() == TapEvent.Verdict.BLOCKED).findFirst().orElseThrow();
            assertEquals(Direction.CLIENT_TO_SERVER, blocked.direction());
            // after the first SendResponse the shell accepts input again
            assertEquals(200, h.post(Envelopes.send("uuid:S3", SHELL, CMD_ID, new byte[0], true)).statusCode());
        }
    }

    @Test
    void bodyOverTheLimitGets413AndIsRecorded() throws Exception {
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::winrm);
             ProxyHarness h = new ProxyHarness(vertx,
                     ProxyHarness.config(up.port(), Policy.OBSERVE).withBodyLimit(2048), sink)) {
            byte[] big = new byte[4096];
            HttpResponse<String> resp = h.post(Envelopes.send("uuid:S1", SHELL, CMD_ID, big, true));
            assertEquals(413, resp.statusCode());
            assertTrue(resp.body().contains("body limit of 2048 bytes"), resp.body());
            assertTrue(up.received.isEmpty());
            assertEquals("request-over-limit", sink.of(TapEvent.TransportFailed.class).get(0).what());
        }
    }

    @Test
    void unreachableUpstreamGives502AndAnUnansweredSend() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ProxyHarness h = new ProxyHarness(vertx, ProxyHarness.config(closedPort, Policy.OBSERVE), sink)) {
            HttpResponse<String> resp = h.post(Envelopes.send("uuid:S1", SHELL, CMD_ID, new byte[]{1}, true));
            assertEquals(502, resp.statusCode());
            assertTrue(resp.body().contains("127.0.0.1:" + closedPort), resp.body());
            assertEquals("upstream-failed", sink.of(TapEvent.TransportFailed.class).get(0).what());
            assertTrue(sink.ruleIds().contains(WsmanRule.SEND_UNANSWERED.id()), sink.ruleIds().toString());
        }
    }

    @Test
    void hostileBodiesAreForwardedUnchangedWithADecodeError() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>&xxe;</s:Body></s:Envelope>";
        String truncated = Envelopes.create("uuid:T1").substring(0, 200);
        String badBase64 = Envelopes.send("uuid:B1", SHELL, CMD_ID, new byte[]{1, 2, 3}, true).replace("AQID", "!!*notbase64");
        try (ScriptedUpstream up = new ScriptedUpstream(vertx,
                r -> ScriptedUpstream.now(new ScriptedUpstream.Reply(500, "text/plain", Envelopes.bytes("no"))));
             ProxyHarness h = new ProxyHarness(vertx, ProxyHarness.config(up.port(), Policy.OBSERVE), sink)) {
            for (String hostile : List.of(xxe, truncated, badBase64)) {
                assertEquals(500, h.post(hostile).statusCode(), "the upstream's answer is relayed");
            }
            assertEquals(3, up.received.size());
            assertEquals(xxe, up.received.get(0).text());
            assertEquals(truncated, up.received.get(1).text());
            assertEquals(badBase64, up.received.get(2).text());
            List<String> rules = sink.ruleIds();
            assertTrue(rules.contains(WsmanRule.DTD_PRESENT.id()), rules.toString());
            assertTrue(rules.contains(WsmanRule.ENVELOPE_MALFORMED.id()), rules.toString());
            assertTrue(rules.contains(WsmanRule.STREAM_NOT_BASE64.id()), rules.toString());
            TapEvent.HttpMessageCaptured first = sink.messages().get(0);
            WinrmAnnotation a = (WinrmAnnotation) first.annotation();
            assertNull(a.envelope());
            assertFalse(a.problems().isEmpty());
        }
    }

    @Test
    void longPollOutlivesTheIdleTimeoutWhenOperationTimeoutIsLonger() throws Exception {
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, r -> {
            Promise<ScriptedUpstream.Reply> p = Promise.promise();
            vertx.setTimer(1500, t -> p.complete(ScriptedUpstream.Reply.soap(Envelopes.receiveResponse("uuid:R1", CMD_ID, "late"))));
            return p.future();
        });
             ProxyHarness h = new ProxyHarness(vertx, new ProxyConfig(ProxyHarness.config(0, Policy.OBSERVE).listeners().stream()
                     .map(l -> new ProxyConfig.Listener(l.name(), l.host(), l.port(), List.of(new ProxyConfig.Route("/",
                             java.net.URI.create("http://127.0.0.1:" + up.port()), RouteProtocol.WINRM)))).toList(),
                     Policy.OBSERVE, 1 << 20, java.time.Duration.ofMillis(500), java.time.Duration.ofMillis(500),
                     java.time.Duration.ofSeconds(5), null, true), sink)) {
            HttpResponse<String> resp = h.post(Envelopes.receive("uuid:R1", SHELL, CMD_ID, "PT2S"));
            assertEquals(200, resp.statusCode(), resp.body());
            assertTrue(resp.body().contains("ReceiveResponse"));
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(10);
        }
    }
}
