package dev.tapdeck.samples.winrm;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;
import io.vertx.core.Vertx;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulated host over HTTP with crafted envelopes: the operations, their replies and their faults. */
class WinrmServerTest {
    private static Vertx vertx;
    private static WinrmServer server;
    private static WsmanTestClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, new WinrmServerOptions().machineName("FAKEHOST"));
        client = new WsmanTestClient(server.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.close(vertx);
    }

    /** Everything a command wrote (bytes as ISO-8859-1 chars, so binary output compares exactly). */
    record Output(String stdout, String stderr, long exitCode, int receives) {
    }

    static Output runToEnd(WsmanTestClient c, String shellId, String commandId) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        for (int receives = 1; receives <= 100; receives++) {
            WsmanBody.ReceiveResponse r = c.receive(shellId, commandId)
                    .ok(WsmanAction.ReceiveResponse, WsmanBody.ReceiveResponse.class);
            for (ShellStream s : r.streams()) {
                assertEquals(commandId, s.commandId());
                (s.name().equals("stdout") ? stdout : stderr).writeBytes(s.data());
            }
            CommandState state = r.commandStates().get(0);
            assertEquals(commandId, state.commandId());
            if (state.isDone()) {
                assertEquals(List.of("stdout", "stderr"), r.streams().stream().filter(ShellStream::end)
                        .map(ShellStream::name).toList(), "End=\"true\" on both streams when done");
                return new Output(stdout.toString(ISO_8859_1), stderr.toString(ISO_8859_1), state.exitCode(), receives);
            }
            assertEquals(CommandState.RUNNING, state.state());
            assertNull(state.exitCode());
        }
        throw new AssertionError("command never finished");
    }

    static Output run(String command, String... arguments) throws Exception {
        String shellId = client.createShell();
        String commandId = client.startCommand(shellId, command, arguments);
        Output out = runToEnd(client, shellId, commandId);
        client.signal(shellId, commandId, "terminate").ok(WsmanAction.SignalResponse, WsmanBody.SignalResponse.class);
        client.delete(shellId).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
        return out;
    }

    @Test
    void createAnswersLikeWindows() throws Exception {
        WsmanTestClient.Reply reply = client.create();
        WsmanBody.CreateResponse created = reply.ok(WsmanAction.CreateResponse, WsmanBody.CreateResponse.class);
        assertTrue(created.shellId().matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"), created.shellId());
        assertEquals(WsmanNamespaces.RESOURCE_CMD, created.resourceUri());
        assertEquals("user", created.owner(), "the Basic user owns the shell");
        assertEquals("127.0.0.1", created.clientIp());
        assertTrue(reply.body().contains("<rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut>"), reply.body());
        assertTrue(reply.body().contains("<a:Address>" + server.endpoint() + "</a:Address>"), reply.body());
        client.delete(created.shellId()).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
    }

    @Test
    void echoPrintsItsArgumentsWithCrLf() throws Exception {
        assertEquals(new Output("hello world\r\n", "", 0, 1), run("echo", "hello", "world"));
        assertEquals(new Output("hello world\r\n", "", 0, 1), run("echo hello world"));
        assertEquals(new Output("FAKEHOST\r\n", "", 0, 1), run("hostname"));
    }

    @Test
    void exitCodesReachTheClient() throws Exception {
        assertEquals(3, run("exit", "3").exitCode());
        assertEquals(7, run("cmd", "/c", "exit /b 7").exitCode());
        assertEquals(new Output("", "oops\r\n", 1, 1), run("stderr oops"));
        assertEquals(new Output("", "'frobnicate' is not recognized as an internal or external command,\r\n"
                + "operable program or batch file.\r\n", 1, 1), run("frobnicate", "--now"));
    }

    @Test
    void clientProposedCommandIdIsEchoed() throws Exception {
        String shellId = client.createShell();
        String proposed = UUID.randomUUID().toString().toUpperCase();
        assertEquals(proposed, client.command(shellId, proposed, "echo", "x")
                .ok(WsmanAction.CommandResponse, WsmanBody.CommandResponse.class).commandId());
        assertEquals("x\r\n", runToEnd(client, shellId, proposed).stdout());
        client.command(shellId, proposed, "echo", "again").fault("w:InvalidParameter", 87);
        client.delete(shellId).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
    }

    @Test
    void catEchoesStdinUntilEnd() throws Exception {
        String shellId = client.createShell();
        String commandId = client.startCommand(shellId, "cat");
        client.sendStdin(shellId, commandId, "line one\n".getBytes(UTF_8), false)
                .ok(WsmanAction.SendResponse, WsmanBody.SendResponse.class);
        WsmanBody.ReceiveResponse partial = client.receive(shellId, commandId)
                .ok(WsmanAction.ReceiveResponse, WsmanBody.ReceiveResponse.class);
        assertEquals("line one\n", new String(partial.streams().get(0).data(), UTF_8));
        assertEquals(CommandState.RUNNING, partial.commandStates().get(0).state());
        client.sendStdin(shellId, commandId, new byte[] {0, (byte) 0xff, 'z'}, true)
                .ok(WsmanAction.SendResponse, WsmanBody.SendResponse.class);
        Output rest = runToEnd(client, shellId, commandId);
        assertEquals(new String(new byte[] {0, (byte) 0xff, 'z'}, ISO_8859_1), rest.stdout(), "binary stdin comes back unchanged");
        assertEquals(0, rest.exitCode());
        client.delete(shellId).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
    }

    @Test
    void receiveWithoutOutputTimesOutLikeWindows() throws Exception {
        WsmanTestClient quick = new WsmanTestClient(server.endpoint()).operationTimeout("PT1S");
        String shellId = quick.createShell();
        String commandId = quick.startCommand(shellId, "more");
        // [MS-WSMV] 3.1.4.14: no output before OperationTimeout gives w:TimedOut, Code 2150858793
        WsmanBody.Fault fault = quick.receive(shellId, commandId).fault("w:TimedOut", 2150858793L);
        assertEquals("s:Receiver", fault.code());
        assertEquals("FAKEHOST", fault.machine());
        assertTrue(fault.reason().startsWith("The WS-Management service cannot complete the operation within the time"
                + " specified in OperationTimeout."), fault.reason());
        // the command is still there and still reads stdin
        quick.sendStdin(shellId, commandId, "late".getBytes(UTF_8), true).ok(WsmanAction.SendResponse, WsmanBody.SendResponse.class);
        assertEquals(new Output("late", "", 0, 1), runToEnd(quick, shellId, commandId));
        quick.delete(shellId).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
    }

    @Test
    void unknownShellOrCommandGivesInvalidSelectors() throws Exception {
        String unknown = UUID.randomUUID().toString().toUpperCase();
        WsmanBody.Fault shellFault = client.receive(unknown, unknown).fault("w:InvalidSelectors", 2150858843L);
        assertEquals("http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors", shellFault.faultDetail());
        assertTrue(shellFault.message().contains(unknown), shellFault.message());

        String shellId = client.createShell();
        client.receive(shellId, unknown).fault("w:InvalidSelectors", 2150858843L);
        client.signal(shellId, unknown, "terminate").fault("w:InvalidSelectors", 2150858843L);
        client.sendStdin(shellId, unknown, new byte[1], true).fault("w:InvalidSelectors", 2150858843L);
        client.delete(shellId).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
        client.command(shellId, null, "echo").fault("w:InvalidSelectors", 2150858843L);
        client.delete(shellId).fault("w:InvalidSelectors", 2150858843L);
    }

    @Test
    void signalTerminateForgetsTheCommandAndCtrlCStopsIt() throws Exception {
        String shellId = client.createShell();
        String done = client.startCommand(shellId, "echo", "x");
        client.signal(shellId, done, "terminate").ok(WsmanAction.SignalResponse, WsmanBody.SignalResponse.class);
        client.receive(shellId, done).fault("w:InvalidSelectors", 2150858843L);

        String reading = client.startCommand(shellId, "type");
        client.signal(shellId, reading, "ctrl_c").ok(WsmanAction.SignalResponse, WsmanBody.SignalResponse.class);
        assertEquals(new Output("", "", 0xC000013AL, 1), runToEnd(client, shellId, reading));
        client.delete(shellId).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
    }

    @Test
    void redirectionWritesTheFileStore() throws Exception {
        String shellId = client.createShell();
        assertEquals(0, runToEnd(client, shellId, client.startCommand(shellId, "echo QUJD >> \"%TEMP%\\up.tmp\"")).exitCode());
        assertEquals(0, runToEnd(client, shellId, client.startCommand(shellId, "echo REVG>>%TEMP%\\up.tmp")).exitCode());
        String path = "C:\\Users\\user\\AppData\\Local\\Temp\\up.tmp";
        // cmd keeps the space before ">>": winrmcp's decoder ignores it
        assertArrayEquals("QUJD \r\nREVG\r\n".getBytes(UTF_8), server.files().get(path));
        assertEquals("QUJD \r\nREVG\r\n", runToEnd(client, shellId, client.startCommand(shellId, "type", "%TEMP%\\UP.TMP")).stdout());
        client.delete(shellId).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
    }

    @Test
    void largeOutputIsSplitOverSeveralReceives() throws Exception {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        assertTrue(server.fileStore().write("C:\\data\\big.txt", big));
        String shellId = client.createShell();
        Output out = runToEnd(client, shellId, client.startCommand(shellId, "type C:\\data\\big.txt"));
        assertArrayEquals(big, out.stdout().getBytes(ISO_8859_1));
        assertTrue(out.receives() > 2, "a 153600-octet envelope cannot carry 300000 bytes: " + out.receives());
        client.delete(shellId).ok(WsmanAction.DeleteResponse, WsmanBody.Empty.class);
    }

    @Test
    void badRequestsGetFaults() throws Exception {
        client.send(WsmanAction.Get, null, "").fault("a:ActionNotSupported", 2150858771L);
        client.send(WsmanAction.Command, client.createShell(), "<rsp:Receive/>").fault("w:SchemaValidationError", 2150858817L);
        new WsmanTestClient(server.endpoint()).operationTimeout("PT-1S").create()
                .fault("a:InvalidMessageInformationHeader", 2150858767L);

        WsmanTestClient.Reply garbage = client.post("<not-xml", "none");
        assertEquals(500, garbage.status());
        assertEquals("w:SchemaValidationError", garbage.body(WsmanBody.Fault.class).subcode());
        assertNull(garbage.envelope().header().relatesTo(), "nothing to relate to");
        assertFalse(garbage.body().contains("<!DOCTYPE"));
    }
}
