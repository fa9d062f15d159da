package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.FrameSplitter;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.io.HarExporter;
import dev.tapdeck.recorder.io.HarImporter;
import dev.tapdeck.recorder.io.HarStructure;
import dev.tapdeck.recorder.io.PcapngExporter;
import dev.tapdeck.recorder.io.Tshark;
import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #5 acceptance: recordings made by the proxy from real clients (winrm4j against the embedded WinRM
 * server, a Vert.x WebSocket client against a Vert.x echo server) exported as pcapng are read by Debian's
 * tshark, which finds every HTTP request and WebSocket frame with the recorded payloads; the HAR export
 * of the WebSocket session has the HAR 1.2 structure and imports back to the same frames.
 */
class RecordingExportTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private RecordingSink recorder;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        recorder = new RecordingSink(dir.resolve("recordings"));
    }

    @AfterEach
    void stop() throws Exception {
        TestServers.close(vertx);
        recorder.close();
    }

    private TapdeckProxy proxy(URI upstream) throws Exception {
        TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0, upstream, Policy.OBSERVE, null), recorder);
        vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
        return proxy;
    }

    private List<Path> recordings() throws Exception {
        recorder.flush();
        try (Stream<Path> files = Files.list(recorder.directory())) {
            return files.sorted().toList();
        }
    }

    private Path pcapng(Path recording) throws Exception {
        Path pcap = dir.resolve(recording.getFileName() + ".pcapng");
        try (OutputStream out = Files.newOutputStream(pcap)) {
            PcapngExporter.export(recording, out, null);
        }
        return pcap;
    }

    @Test
    void tsharkReadsEveryRequestOfAWinrm4jSessionFromThePcapngExport() throws Exception {
        Tshark.assumeInstalled();
        WinrmServer server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass"));
        TapdeckProxy proxy = proxy(URI.create("http://127.0.0.1:" + server.port()));
        WinRmClientContext context = WinRmClientContext.newInstance();
        try {
            WinRmTool tool = WinRmTool.Builder.builder("127.0.0.1", "user", "pass").authenticationScheme("Basic")
                    .useHttps(false).port(proxy.port("main")).disableCertificateChecks(true).context(context)
                    .payloadEncryptionMode(PayloadEncryptionMode.OFF).build();
            assertEquals("exported\r\n", tool.executeCommand("echo exported").getStdOut());
        } finally {
            context.shutdown();
        }
        int requests = 0;
        for (Path rec : recordings()) {
            RecordingReader.Recording r = RecordingReader.read(rec);
            List<String> decode = List.of("tcp.port==" + server.port() + ",http");
            List<String> seen = Tshark.fields(pcapng(rec), "http.request", decode, "http.request.method", "http.request.uri",
                    "http.content_length_header", "http.file_data");
            List<JsonNode> recorded = r.http(Direction.CLIENT_TO_SERVER);
            assertEquals(recorded.size(), seen.size(), "one HTTP request per recorded request: " + seen);
            for (int i = 0; i < recorded.size(); i++) {
                String[] f = seen.get(i).split("\t", -1);
                byte[] body = RecordingReader.Recording.body(recorded.get(i));
                assertEquals("POST", f[0]);
                assertEquals("/wsman", f[1]);
                assertEquals(String.valueOf(body.length), f[2]);
                assertEquals(new String(body, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n"), f[3]);
            }
            List<String> responses = Tshark.fields(pcapng(rec), "http.response", decode, "http.response.code");
            assertEquals(r.http(Direction.SERVER_TO_CLIENT).stream().map(e -> e.path("head").path("status").asText()).toList(),
                    responses);
            requests += recorded.size();
        }
        assertTrue(requests >= 4, "Create, Command, Receive, Signal, Delete at least: " + requests);
    }

    private static List<String> occurrences(String field) {
        return field.isEmpty() ? List.of() : List.of(field.split("\\|", -1));
    }

    private static List<String> byDirection(List<String> seen) {
        List<String> out = new ArrayList<>(seen.stream().filter(s -> s.startsWith("c2s")).toList());
        out.addAll(seen.stream().filter(s -> s.startsWith("s2c")).toList());
        return out;
    }

    private static List<String> strip(List<String> withDirection) {
        return withDirection.stream().map(s -> s.substring(4)).toList();
    }

    /** Long payloads as start, length and hash, so that a failure message stays readable. */
    private static String brief(String s) {
        return s.length() <= 40 ? s : s.substring(0, 20) + "…" + s.length() + "#" + Integer.toHexString(s.hashCode());
    }

    @Test
    void tsharkReadsEveryFrameOfAWebSocketSessionAndTheHarRoundTripKeepsThem() throws Exception {
        Tshark.assumeInstalled();
        HttpServer upstream = vertx.createHttpServer().webSocketHandler(ws -> {
            ws.textMessageHandler(ws::writeTextMessage);
            ws.binaryMessageHandler(ws::writeBinaryMessage);
        });
        upstream.listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
        TapdeckProxy proxy = proxy(URI.create("ws://127.0.0.1:" + upstream.actualPort()));
        LinkedBlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        // held in a variable used to the end: Vert.x closes a collected client's connections, even mid-handshake
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(proxy.port("main")).setURI("/echo")).await(30, TimeUnit.SECONDS);
        ws.textMessageHandler(echoes::add);
        ws.binaryMessageHandler(b -> echoes.add(HexFormat.of().formatHex(b.getBytes())));
        String longText = "0123456789".repeat(400); // 4000 bytes: several TCP segments
        ws.writeTextMessage("hello").await(30, TimeUnit.SECONDS);
        ws.writeBinaryMessage(Buffer.buffer(new byte[]{0, 1, 2, (byte) 0xff})).await(30, TimeUnit.SECONDS);
        ws.writeTextMessage(longText).await(30, TimeUnit.SECONDS);
        assertEquals("hello", echoes.poll(30, TimeUnit.SECONDS));
        assertEquals("000102ff", echoes.poll(30, TimeUnit.SECONDS));
        assertEquals(longText, echoes.poll(30, TimeUnit.SECONDS));
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ws.closeHandler(v -> closed.complete(null));
        ws.close();
        closed.get(30, TimeUnit.SECONDS);
        client.close().await(30, TimeUnit.SECONDS);

        List<Path> recs = recordings();
        assertEquals(1, recs.size());
        Path rec = recs.get(0);
        RecordingReader.Recording r = RecordingReader.read(rec);
        assertEquals("websocket", r.header().path("protocol").asText());
        // what the recording says: each frame's direction and opcode, the text, binary and Close payloads
        List<String> frames = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> binaries = new ArrayList<>();
        List<String> closeCodes = new ArrayList<>();
        for (Direction d : Direction.values()) {
            byte[] bytes = r.wsBytes(d);
            for (FrameSplitter.Frame f : new FrameSplitter(1 << 20).feed(bytes, 0, bytes.length)) {
                frames.add(d.code() + " " + f.header().opcode());
                if (f.header().opcode() == 1) {
                    texts.add(brief(new String(f.payload(), StandardCharsets.UTF_8)));
                } else if (f.header().opcode() == 2) {
                    binaries.add(HexFormat.of().formatHex(f.payload()));
                } else if (f.header().opcode() == 8) {
                    closeCodes.add(String.valueOf((f.payload()[0] & 0xff) << 8 | (f.payload()[1] & 0xff)));
                }
            }
        }
        assertEquals(8, frames.size(), "3 messages and a Close each way: " + frames);

        // what tshark says; a TCP segment may carry several frames: their fields come joined by '|'
        List<String> lines = Tshark.fields(pcapng(rec), "websocket", List.of("tcp.port==" + upstream.actualPort() + ",http"),
                "tcp.srcport", "websocket.opcode", "websocket.payload.text", "data.data", "websocket.payload.close.status_code");
        List<String> seenFrames = new ArrayList<>();
        List<String> seenTexts = new ArrayList<>();
        List<String> seenBinaries = new ArrayList<>();
        List<String> seenCloseCodes = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            String dir = Integer.parseInt(f[0]) == upstream.actualPort() ? "s2c" : "c2s";
            occurrences(f[1]).forEach(op -> seenFrames.add(dir + " " + op));
            occurrences(f[2]).forEach(t -> seenTexts.add(dir + " " + brief(t)));
            occurrences(f[3]).forEach(b -> seenBinaries.add(dir + " " + b.replace(":", "")));
            occurrences(f[4]).forEach(c -> seenCloseCodes.add(dir + " " + c));
        }
        // tshark lists frames in capture order, the recording per direction: compare per direction
        assertEquals(frames, byDirection(seenFrames));
        assertEquals(texts, strip(byDirection(seenTexts)));
        assertEquals(binaries, strip(byDirection(seenBinaries)));
        assertEquals(closeCodes, strip(byDirection(seenCloseCodes)));
        assertEquals(List.of("hello", brief(longText), "hello", brief(longText)), texts);

        Path har = dir.resolve("ws.har");
        try (OutputStream out = Files.newOutputStream(har)) {
            HarExporter.export(rec, out, null);
        }
        assertEquals(List.of(), HarStructure.check(RecordingFormat.mapper().readTree(har.toFile())));
        RecordingReader.Recording back = RecordingReader.read(HarImporter.importFile(har, dir.resolve("back"), null).get(0));
        for (Direction d : Direction.values()) {
            byte[] a = r.wsBytes(d);
            byte[] b = back.wsBytes(d);
            List<String> original = new FrameSplitter(1 << 20).feed(a, 0, a.length).stream()
                    .map(f -> f.header().opcode() + " " + f.header().fin() + " " + HexFormat.of().formatHex(f.payload())).toList();
            List<String> imported = new FrameSplitter(1 << 20).feed(b, 0, b.length).stream()
                    .map(f -> f.header().opcode() + " " + f.header().fin() + " " + HexFormat.of().formatHex(f.payload())).toList();
            assertEquals(original, imported, d.code());
        }
    }
}
