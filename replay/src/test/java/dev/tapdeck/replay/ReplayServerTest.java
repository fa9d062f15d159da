package dev.tapdeck.replay;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.psrp.DotNetGuid;
import dev.tapdeck.protocol.psrp.FragmentDecoder;
import dev.tapdeck.protocol.psrp.PsrpMessageCodec;
import dev.tapdeck.protocol.psrp.PsrpMessageResult;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayServerTest {
    private static Vertx vertx;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        http = vertx.createHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private static ReplayServer serve(String recording, ReplayMode mode) throws Exception {
        return ReplayServer.start(vertx, ReplaySources.load(PypsrpRecordings.named(recording).file()), ReplayOptions.defaults().mode(mode))
                .await(30, TimeUnit.SECONDS);
    }

    private record Reply(int status, byte[] body) {
    }

    private static Reply post(ReplayServer server, byte[] body) throws Exception {
        // on an event loop, so that the body handler is set before the body can arrive
        io.vertx.core.Promise<Reply> reply = io.vertx.core.Promise.promise();
        vertx.runOnContext(v -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(server.uri().toString()))
                .compose(r -> r.send(Buffer.buffer(body)))
                .compose(r -> r.body().map(b -> new Reply(r.statusCode(), b.getBytes()))).onComplete(reply));
        return reply.future().await(30, TimeUnit.SECONDS);
    }

    private static byte[] replayTwice(ReplayServer server) throws Exception {
        ClientReport r = new ReplayClient(vertx, server.script(), server.uri(), ReplayOptions.countingIds("determinism"), l -> { })
                .run().await(60, TimeUnit.SECONDS);
        assertTrue(r.clean(), r::render);
        server.close().await(30, TimeUnit.SECONDS);
        return server.transcript();
    }

    @Test
    void twoReplaysOfOneRecordingGiveByteIdenticalTranscripts() throws Exception {
        ReplayServer one = serve("test_psrp_with_input.yml", ReplayMode.LENIENT);
        int port = one.port();
        byte[] first = replayTwice(one);
        // the same port: the client writes the target URL into wsa:To
        ReplayScript script = ReplaySources.load(PypsrpRecordings.named("test_psrp_with_input.yml").file());
        byte[] second = replayTwice(ReplayServer.start(vertx, script, ReplayOptions.defaults().listen("127.0.0.1", port))
                .await(30, TimeUnit.SECONDS));
        String text = new String(first, StandardCharsets.UTF_8);
        assertTrue(text.contains("> request 7 = recorded exchange 7"), text);
        // the first live MessageID of the counting generator came back as RelatesTo
        String firstId = ReplayOptions.countingIds("determinism").get().toString().toUpperCase(java.util.Locale.ROOT);
        assertTrue(text.contains("RelatesTo>uuid:" + firstId + "<"), "RelatesTo carries the live MessageID");
        assertArrayEquals(first, second);
    }

    @Test
    void aChangedRequestGetsAFaultAndAReportNamingTheNearestRecordedRequestAndTheField() throws Exception {
        ReplayServer server = serve("test_winrs_standard.yml", ReplayMode.LENIENT);
        byte[] create = PypsrpRecordings.named("test_winrs_standard.yml").exchanges().get(0).request();
        byte[] changed = new String(create, StandardCharsets.UTF_8).replace("stdout stderr", "stdout")
                .getBytes(StandardCharsets.UTF_8);
        Reply reply = post(server, changed);
        assertEquals(500, reply.status());
        WsmanEnvelope fault = envelope(reply.body());
        assertTrue(fault.isFault());
        assertEquals("uuid:FC40E3CD-53E9-4315-B486-6D538B25D1F5", fault.header().relatesTo());
        assertEquals(1, server.misses().size());
        MissReport miss = server.misses().get(0);
        assertEquals(0, miss.nearest(), miss.text());
        assertEquals("Create", miss.nearestAction());
        assertEquals(List.of(new FieldDiff("Body/Shell/OutputStreams", "stdout stderr", "stdout")), miss.differences());
        assertTrue(miss.text().contains("recorded exchange 1 of 5 (Create)"), miss.text());
        assertTrue(server.problems(true).contains("Body/Shell/OutputStreams: recorded \"stdout stderr\", live \"stdout\""),
                server.problems(true));
        // the unchanged request still matches afterwards, and the report then also lists what was left over
        assertEquals(200, post(server, create).status());
        assertTrue(server.problems(false).contains("4 of 5 recorded exchanges were never requested"), server.problems(false));
        server.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void strictModeNamesTheExpectedRequestWhenTheOrderDiffers() throws Exception {
        ReplayServer server = serve("test_winrs_standard.yml", ReplayMode.STRICT);
        byte[] command = PypsrpRecordings.named("test_winrs_standard.yml").exchanges().get(1).request();
        assertEquals(500, post(server, command).status());
        MissReport miss = server.misses().get(0);
        assertEquals(0, miss.nearest());
        assertTrue(miss.differences().stream().anyMatch(d -> d.field().equals("Header/Action")), miss.text());
        server.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void aClientChoosingItsOwnShellIdGetsItBackInTheResponsesAndInThePsrpHeaders() throws Exception {
        var rec = PypsrpRecordings.named("test_psrp_open_runspace.yml");
        ReplayServer server = serve("test_psrp_open_runspace.yml", ReplayMode.STRICT);
        WsmanBody.Shell shell = (WsmanBody.Shell) envelope(rec.exchanges().get(0).request()).body();
        UUID fresh = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        IdMap clientSide = new IdMap();
        clientSide.bind(List.of(IdSlot.text("ShellId", fresh.toString().toUpperCase())), List.of(IdSlot.text("ShellId", shell.shellId())));
        List<byte[]> responses = new ArrayList<>();
        for (var x : rec.exchanges()) {
            byte[] live = BodyRewriter.rewrite(x.request(), clientSide, new BodyRewriter.Values(null, null, java.util.Map.of()), true);
            assertFalse(new String(live, StandardCharsets.UTF_8).contains(shell.shellId()));
            Reply reply = post(server, live);
            assertEquals(200, reply.status(), () -> server.problems(true));
            responses.add(reply.body());
        }
        assertNull(server.problems(false));
        String created = new String(responses.get(0), StandardCharsets.UTF_8);
        assertTrue(created.contains(fresh.toString().toUpperCase()) && !created.contains(shell.shellId()), created);
        // the Receive's PSRP messages (APPLICATION_PRIVATE_DATA, RUNSPACEPOOL_STATE) carry the fresh RPID
        int checked = 0;
        for (ShellStream s : ((WsmanBody.ReceiveResponse) envelope(responses.get(1)).body()).streams()) {
            for (var f : FragmentDecoder.decode(s.data()).fragments()) {
                PsrpMessageResult m = PsrpMessageCodec.decode(f.blob());
                assertNotNull(m);
                byte[] rpid = ((PsrpMessageResult.MessageDecoded) m).message().rpidBytes();
                if (!java.util.Arrays.equals(rpid, new byte[16])) {
                    assertNotNull(DotNetGuid.layoutOf(rpid, fresh), "RPID encodes the fresh ShellId");
                    checked++;
                }
            }
        }
        assertTrue(checked >= 1, "pool messages with an RPID: " + checked);
        server.close().await(30, TimeUnit.SECONDS);
    }

    private static WsmanEnvelope envelope(byte[] body) {
        return ((EnvelopeDecoded.EnvelopeParsed) new EnvelopeReader().read(body)).envelope();
    }
}
