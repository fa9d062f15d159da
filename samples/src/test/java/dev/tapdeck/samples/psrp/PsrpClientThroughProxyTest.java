package dev.tapdeck.samples.psrp;

import static dev.tapdeck.protocol.clixml.PsObjects.i32;
import static dev.tapdeck.protocol.clixml.PsObjects.string;
import static dev.tapdeck.samples.psrp.PsrpEndpointTest.await;
import static dev.tapdeck.samples.psrp.PsrpEndpointTest.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineStatement;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Issue #6 acceptance: the project's PSRP client opens a RunspacePool and runs pipelines against the fake
 * PSRP endpoint through the Tapdeck proxy. The proxy's tap is a checker of the PSRP rules: the whole
 * conversation, fragmented at the smallest envelope size, gives zero rule occurrences of any severity, and
 * one clean audit record per pipeline.
 */
class PsrpClientThroughProxyTest {
    private static final List<TapEvent> events = new CopyOnWriteArrayList<>();
    private static Vertx vertx;
    private static TapdeckProxy proxy;
    private static WebClient web;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        WinrmServer server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).credentials("user", "pass"))
                .start(vertx).await(30, TimeUnit.SECONDS);
        EventSink sink = events::add;
        proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + server.port()),
                Policy.OBSERVE, null), sink);
        vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
        web = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static <T extends TapEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static AuditRecord audit(String commandId) {
        return of(TapEvent.CommandAudited.class).stream().map(TapEvent.CommandAudited::record)
                .filter(a -> commandId.equals(a.commandId())).findFirst()
                .orElseThrow(() -> new AssertionError("no audit record for " + commandId + " in " + events.size() + " events"));
    }

    @Test
    void aPoolAndItsPipelinesThroughTheProxyGiveZeroViolationsAndCleanAudits() {
        PsrpClient ps = new PsrpClient(web, "http://127.0.0.1:" + proxy.port("main") + "/wsman", "user", "pass")
                .maxEnvelopeSize(8192);
        await(ps.open());
        PipelineResult hello = await(ps.invoke(List.of(new PipelineStatement(List.of(new PipelineCommand("Write-Output", false, null,
                List.of(new CommandArgument(null, string("hello")), new CommandArgument("InputObject", string("world")))))))));
        PipelineResult echo = await(ps.invoke(script("$input"), List.of(string("first"), i32(2), string("x".repeat(20_000)))));
        PipelineResult failed = await(ps.invoke("Get-Nothing"));
        await(ps.close());

        List<Violation> violations = of(TapEvent.HttpMessageCaptured.class).stream().flatMap(m -> m.violations().stream()).toList();
        assertEquals(List.of(), violations, "the fake endpoint and the client keep every PSRP and WS-Man rule");
        assertEquals(List.of("hello", "world"), hello.outputText());
        assertEquals(3, echo.output().size());

        AuditRecord a = audit(hello.commandId());
        assertEquals(AuditRecord.Kind.CREATE_PIPELINE, a.kind());
        assertEquals("Microsoft.PowerShell", a.endpoint());
        assertEquals(ps.runspacePoolId().toString().toUpperCase(java.util.Locale.ROOT), a.shellId());
        AuditRecord.Command command = a.statements().get(0).commands().get(0);
        assertEquals("Write-Output", command.command());
        assertEquals(List.of(new AuditRecord.Argument(null, "hello"), new AuditRecord.Argument("InputObject", "world")),
                command.arguments());
        assertEquals(new AuditRecord.Outcome("Completed", null, List.of()), a.outcome());
        assertTrue(a.complete());
        assertNull(a.incompleteReason());
        assertEquals("user", a.requester().user());

        AuditRecord e = audit(echo.commandId());
        assertEquals("$input", e.statements().get(0).commands().get(0).command());
        assertTrue(e.statements().get(0).commands().get(0).isScript());
        assertEquals(3, e.input().count());
        assertEquals(List.of("first", "2"), e.input().objects().subList(0, 2));
        assertTrue(e.input().ended(), "END_OF_PIPELINE_INPUT was seen");
        assertEquals("Completed", e.outcome().state());

        AuditRecord f = audit(failed.commandId());
        assertEquals("Failed", f.outcome().state());
        assertTrue(f.outcome().errors().get(0).startsWith("The term 'Get-Nothing' is not recognized"), f.outcome().errors().toString());
        assertEquals(3, of(TapEvent.CommandAudited.class).size(), "one record per pipeline, none left incomplete");
    }
}
