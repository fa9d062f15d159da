package dev.tapdeck.cli;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import dev.tapdeck.samples.winrm.WsmanRequests;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Real sessions recorded through the proxy (port 0, loopback), for the recompute and inspect tests. */
final class RecordedSessions {
    static final String USER = "auditor";

    private RecordedSessions() {
    }

    /**
     * A cmd shell on the embedded WinRM server: Create, Command {@code type} (echoes stdin), two Sends with
     * stdin, Receives until Done, Delete, all on one connection, with Basic credentials.
     */
    static Path winrm(Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RecordingSink sink = new RecordingSink(dir)) {
            WinrmServer server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).credentials(USER, "s3cret"));
            server.start(vertx).await(30, TimeUnit.SECONDS);
            TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                    URI.create("http://127.0.0.1:" + server.port()), Policy.OBSERVE, dir), sink);
            vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
            String endpoint = "http://127.0.0.1:" + proxy.port("main") + WinrmServer.PATH;
            WsmanRequests requests = new WsmanRequests(endpoint);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            String shellId = ((WsmanBody.CreateResponse) post(http, endpoint, requests.create(id()))).shellId();
            String commandId = ((WsmanBody.CommandResponse) post(http, endpoint, requests.command(id(), shellId, "type"))).commandId();
            post(http, endpoint, requests.send(id(), shellId, commandId, "hello\r\n".getBytes(StandardCharsets.UTF_8), false));
            post(http, endpoint, requests.send(id(), shellId, commandId, "world\r\n".getBytes(StandardCharsets.UTF_8), true));
            boolean done = false;
            for (int i = 0; i < 20 && !done; i++) {
                WsmanBody.ReceiveResponse r = (WsmanBody.ReceiveResponse) post(http, endpoint, requests.receive(id(), shellId, commandId));
                done = r.commandStates().stream().map(CommandState::shortState).anyMatch("Done"::equals);
            }
            if (!done) {
                throw new AssertionError("the command never reached Done");
            }
            post(http, endpoint, requests.delete(id(), shellId));
            vertx.close().await(30, TimeUnit.SECONDS); // closes the client connection: the session ends
            sink.flush();
        } finally {
            vertx.close();
        }
        return onlyRecording(dir);
    }

    /** A WebSocket: a text and a binary message echoed, a ping, a Close from the client. */
    static Path webSocket(Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        Vertx peers = Vertx.vertx(); // the peers' own, as in real life
        try (RecordingSink sink = new RecordingSink(dir)) {
            var echo = peers.createHttpServer(new HttpServerOptions().setPerMessageWebSocketCompressionSupported(true))
                    .webSocketHandler(ws -> ws.frameHandler(f -> {
                        if (f.isText() && f.isFinal()) {
                            ws.writeTextMessage(f.textData());
                        } else if (f.isBinary() && f.isFinal()) {
                            ws.writeBinaryMessage(f.binaryData());
                        }
                    }))
                    .listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
            TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                    URI.create("ws://127.0.0.1:" + echo.actualPort()), Policy.OBSERVE, dir), sink);
            vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
            // the JDK's client: a Vert.x client's upgrade fails through the relay (NoSuchElementException:
            // httpDecoder in Http1ServerConnection.netSocket, reported with the branch)
            CompletableFuture<Void> echoed = new CompletableFuture<>();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            int[] messages = {0};
            java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port("main") + "/chat"), new java.net.http.WebSocket.Listener() {
                        private void received(java.net.http.WebSocket w, boolean last) {
                            if (last && ++messages[0] == 2) {
                                echoed.complete(null);
                            }
                            w.request(1);
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
                            received(w, last);
                            return null;
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                            closed.complete(null); // the server's Close crossed the proxy: it is recorded
                            return null;
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket w, java.nio.ByteBuffer data, boolean last) {
                            received(w, last);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            ws.sendText("hello through the tap", true).get(10, TimeUnit.SECONDS);
            byte[] binary = new byte[2000];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) (i % 7);
            }
            ws.sendBinary(java.nio.ByteBuffer.wrap(binary), true).get(10, TimeUnit.SECONDS);
            echoed.get(30, TimeUnit.SECONDS);
            ws.sendPing(java.nio.ByteBuffer.wrap(new byte[]{'p'})).get(10, TimeUnit.SECONDS);
            ws.sendClose(1000, "bye").get(30, TimeUnit.SECONDS);
            closed.get(30, TimeUnit.SECONDS);
            peers.close().await(30, TimeUnit.SECONDS);
            vertx.close().await(30, TimeUnit.SECONDS);
            sink.flush();
        } finally {
            peers.close();
            vertx.close();
        }
        return onlyRecording(dir);
    }

    private static WsmanBody post(HttpClient http, String endpoint, byte[] envelope) throws Exception {
        HttpResponse<byte[]> r = send(http, endpoint, envelope, USER, "s3cret");
        EnvelopeDecoded d = new EnvelopeReader().read(r.body());
        if (r.statusCode() != 200 || !(d instanceof EnvelopeDecoded.EnvelopeParsed p)) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return p.envelope().body();
    }

    /** POSTs one WS-Man envelope with Basic credentials; any status. */
    static HttpResponse<byte[]> send(HttpClient http, String endpoint, byte[] envelope, String user, String password)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", WsmanRequests.CONTENT_TYPE)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String id() {
        return "uuid:" + UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
    }

    private static Path onlyRecording(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            var all = files.filter(f -> f.toString().endsWith(RecordingFormat.FILE_SUFFIX)).toList();
            if (all.size() != 1) {
                throw new AssertionError("expected one recording in " + dir + ", found " + all);
            }
            return all.get(0);
        }
    }
}
