package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS toward the client (a generated self-signed certificate) and verified TLS toward the upstream: a
 * certificate the route does not trust is refused with a 502 fault that names the verification error, unless
 * the route was explicitly made insecure, which the recording header then says.
 */
class TlsTest {
    private static final String REPLY = Envelopes.response("http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse",
            "uuid:1", "<x:ResourceCreated xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\"/>");
    private Vertx vertx;
    private Vertx peers;
    private final CollectingSink sink = new CollectingSink();
    @TempDir
    Path dir;
    private SelfSignedCertificate upstreamCert;
    private int upstreamPort;

    @BeforeEach
    void startUpstream() throws Exception {
        vertx = Vertx.vertx();
        peers = Vertx.vertx();
        upstreamCert = SelfSignedCertificate.generate("127.0.0.1", dir, "upstream");
        HttpServer up = peers.createHttpServer(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PfxOptions().setPath(upstreamCert.keyStore().toString())
                                .setPassword(upstreamCert.password())))
                .webSocketHandler(ws -> ws.textMessageHandler(t -> ws.writeTextMessage("secure " + t)))
                .requestHandler(req -> req.body().onSuccess(b -> req.response()
                        .putHeader("Content-Type", "application/soap+xml;charset=UTF-8").end(REPLY)));
        upstreamPort = up.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        peers.close().await(10, TimeUnit.SECONDS);
    }

    private ProxyConfig config(String scheme, TlsSettings.Upstream trust) {
        ProxyConfig plain = ProxyConfig.single("127.0.0.1", 0, URI.create(scheme + "://127.0.0.1:" + upstreamPort),
                Policy.OBSERVE, null).withUpstreamTls(trust);
        return plain.withListeners(List.of(plain.listeners().get(0).withTls(TlsSettings.Listener.generated())));
    }

    /** A JDK client that trusts exactly the proxy's generated certificate (its PEM file). */
    private static HttpClient trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("proxy", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(30)).build();
    }

    private HttpResponse<String> post(TapdeckProxy proxy) throws Exception {
        SelfSignedCertificate cert = proxy.generatedCertificates().get("main");
        return trusting(cert.certificate()).send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + proxy.port("main") + "/wsman")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(Envelopes.create("uuid:1"))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsBothWaysWithTheUpstreamVerifiedAgainstAGivenTrustStore() throws Exception {
        try (ProxyHarness h = new ProxyHarness(vertx, config("https",
                TlsSettings.Upstream.trusting(upstreamCert.certificate(), null)), sink)) {
            SelfSignedCertificate cert = h.proxy.generatedCertificates().get("main");
            assertTrue(cert.sha256().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), cert.sha256());
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(cert.keyStore()), "the generated key is readable by its owner only");
            HttpResponse<String> r = post(h.proxy);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(REPLY, r.body());
            assertFalse(sink.of(TapEvent.SessionStarted.class).get(0).upstreamInsecure());
        }
    }

    @Test
    void anUntrustedUpstreamCertificateIsRefusedWithA502NamingTheVerificationError() throws Exception {
        try (ProxyHarness h = new ProxyHarness(vertx, config("https", TlsSettings.Upstream.SYSTEM), sink)) {
            HttpResponse<String> r = post(h.proxy);
            assertEquals(502, r.statusCode(), r.body());
            assertTrue(r.body().contains("SSLHandshakeException") && r.body().contains("unable to find valid certification path"), r.body());
            assertTrue(r.body().contains("not trusted"), r.body());
            TapEvent.TransportFailed failed = sink.of(TapEvent.TransportFailed.class).get(0);
            assertTrue(failed.detail().contains("SSLHandshakeException"), failed.detail());
            LeakCheck.awaitIdleButClientConnections(h.proxy);
        }
    }

    @Test
    void anInsecureRouteSkipsVerificationAndSaysSoInTheRecordingHeader() throws Exception {
        try (ProxyHarness h = new ProxyHarness(vertx, config("https", TlsSettings.Upstream.INSECURE), sink)) {
            HttpResponse<String> r = post(h.proxy);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(sink.of(TapEvent.SessionStarted.class).get(0).upstreamInsecure());
        }
    }

    @Test
    void wssBothWays() throws Exception {
        try (ProxyHarness h = new ProxyHarness(vertx, config("wss",
                TlsSettings.Upstream.trusting(upstreamCert.certificate(), null)), sink)) {
            SelfSignedCertificate cert = h.proxy.generatedCertificates().get("main");
            WebSocketClient client = peers.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(cert.certificate().toString())));
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                    .setPort(h.proxy.port("main")).setURI("/chat").setSsl(true)).await(10, TimeUnit.SECONDS);
            CompletableFuture<String> got = new CompletableFuture<>();
            ws.textMessageHandler(got::complete);
            ws.writeTextMessage("hello");
            assertEquals("secure hello", got.get(10, TimeUnit.SECONDS));
            ws.close().await(10, TimeUnit.SECONDS);
            client.close().await(10, TimeUnit.SECONDS);
            assertTrue(sink.of(TapEvent.WsHandshakeRelayed.class).get(0).upgraded());
            WsEvents.awaitEnd(sink);
            LeakCheck.awaitIdle(h.proxy);
        }
    }
}
