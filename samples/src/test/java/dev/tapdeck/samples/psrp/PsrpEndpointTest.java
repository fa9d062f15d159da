package dev.tapdeck.samples.psrp;

import static dev.tapdeck.protocol.clixml.PsObjects.i32;
import static dev.tapdeck.protocol.clixml.PsObjects.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.clixml.ClixmlWriter;
import dev.tapdeck.protocol.clixml.PsObjects;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineStatement;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The fake PSRP endpoint of the embedded WinRM server, driven directly by the project's PSRP client. */
class PsrpEndpointTest {
    private static Vertx vertx;
    private static WinrmServer server;
    private static WebClient web;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).credentials("user", "pass"))
                .start(vertx).await(30, TimeUnit.SECONDS);
        web = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 30 s", e);
        }
    }

    private static PsrpClient open(int maxEnvelopeSize) {
        PsrpClient ps = new PsrpClient(web, server.endpoint(), "user", "pass").maxEnvelopeSize(maxEnvelopeSize);
        await(ps.open());
        return ps;
    }

    static List<PipelineStatement> script(String text) {
        return List.of(new PipelineStatement(List.of(new PipelineCommand(text, true, null, List.of()))));
    }

    @Test
    void writeOutputWritesItsArgumentsAndEchoesPipelineInput() {
        PsrpClient ps = open(153600);
        PipelineResult hello = await(ps.invoke("Write-Output", string("hello"), PsObjects.list(List.of("System.Object[]"),
                List.of(string("a"), i32(2)))));
        assertEquals("Completed", hello.state());
        assertEquals(List.of(string("hello"), string("a"), i32(2)), hello.output(), "a list argument is enumerated");
        assertEquals(List.of(), hello.errors());

        List<PsValue> input = List.of(string("1"), i32(2), PsObjects.dictionary(List.of("System.Collections.Hashtable",
                "System.Object"), List.of(PsObjects.entry("a", string("b")))));
        PipelineResult echoed = await(ps.invoke(script("$input"), input));
        assertEquals("Completed", echoed.state());
        assertEquals(input.stream().map(ClixmlWriter::write).toList(), echoed.output().stream().map(ClixmlWriter::write).toList(),
                "the input echo gives back every object as sent");
        PipelineResult piped = await(ps.invoke(List.of(new PipelineStatement(List.of(
                new PipelineCommand("Write-Output", false, null, List.of())))), List.of(string("x"), string("y"))));
        assertEquals(List.of("x", "y"), piped.outputText(), "Write-Output without arguments writes its input");

        // pypsrp's Client.execute_ps: Invoke-Expression -Command SCRIPT | Out-String -Stream
        PipelineResult executePs = await(ps.invoke(List.of(new PipelineStatement(List.of(
                new PipelineCommand("Invoke-Expression", false, null, List.of(new CommandArgument("Command",
                        string("Write-Output hello 'big world'")))),
                new PipelineCommand("Out-String", false, null, List.of(new CommandArgument("Stream", PsObjects.nil()))))))));
        assertEquals(List.of(string("hello"), string("big world")), executePs.output());
        await(ps.close());
    }

    @Test
    void errorsAreReportedLikePowerShell() {
        PsrpClient ps = open(153600);
        PipelineResult written = await(ps.invoke(script("Write-Error 'disk full'; Write-Output after")));
        assertEquals("Completed", written.state(), "Write-Error is a non-terminating error");
        assertEquals(List.of("after"), written.outputText());
        assertEquals("disk full", written.errors().get(0).message());
        assertEquals("Microsoft.PowerShell.Commands.WriteErrorException", written.errors().get(0).fullyQualifiedErrorId());

        PipelineResult thrown = await(ps.invoke(script("Write-Output before; throw \"it broke\"; Write-Output never")));
        assertEquals("Failed", thrown.state());
        assertEquals(List.of("before"), thrown.outputText());
        assertEquals("it broke", thrown.reason().message());
        assertEquals("OperationStopped", thrown.reason().categoryName());

        PipelineResult unknown = await(ps.invoke("Get-Nothing", string("-Force")));
        assertEquals("Failed", unknown.state());
        assertTrue(unknown.errors().get(0).message().startsWith("The term 'Get-Nothing' is not recognized as the name of a cmdlet"),
                unknown.errors().get(0).message());
        assertEquals("CommandNotFoundException", unknown.reason().fullyQualifiedErrorId());
        assertEquals("ObjectNotFound", unknown.reason().categoryName());
        await(ps.close());
    }

    @Test
    void largeMessagesAreFragmentedForASmallEnvelope() {
        // 8192 is the smallest MaxEnvelopeSize Windows accepts ([MS-WSMV] 3.1.4.1.7): both sides fragment to it
        PsrpClient ps = open(8192);
        String big = "0123456789abcdef".repeat(4096); // 64 KiB of text, many fragments each way
        PipelineResult r = await(ps.invoke(List.of(new PipelineStatement(List.of(new PipelineCommand("Write-Output", false, null,
                List.of(new CommandArgument(null, string(big))))))), List.of(string(big))));
        assertEquals("Completed", r.state());
        assertEquals(1, r.output().size());
        assertEquals(string(big), r.output().get(0));
        assertNull(r.reason());
        await(ps.close());
    }

    @Test
    void aRunspacePoolIsGoneAfterDelete() {
        PsrpClient ps = open(153600);
        await(ps.close());
        Throwable failure = ps.invoke("Write-Output", string("x")).toCompletionStage().toCompletableFuture()
                .handle((r, e) -> e).join();
        assertTrue(failure != null && failure.getMessage().contains("InvalidSelectors"), String.valueOf(failure));
    }
}
