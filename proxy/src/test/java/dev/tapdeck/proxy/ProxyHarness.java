package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.recorder.EventSink;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A proxy on port 0 in front of a given upstream, and a plain HTTP/1.1 client to talk through it. */
final class ProxyHarness implements AutoCloseable {
    final Vertx vertx;
    final TapdeckProxy proxy;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ProxyHarness(Vertx vertx, ProxyConfig config, EventSink sink) throws Exception {
        this(vertx, config, sink, ProxyClock.SYSTEM);
    }

    ProxyHarness(Vertx vertx, ProxyConfig config, EventSink sink, ProxyClock clock) throws Exception {
        this.vertx = vertx;
        this.proxy = new TapdeckProxy(config, sink, clock);
        vertx.deployVerticle(proxy).await(10, TimeUnit.SECONDS);
    }

    /** A proxy made elsewhere (plug-in catalogs), deployed here unless {@code running} (a second client of it). */
    ProxyHarness(Vertx vertx, TapdeckProxy proxy, boolean running) throws Exception {
        this.vertx = vertx;
        this.proxy = proxy;
        if (!running) {
            vertx.deployVerticle(proxy).await(10, TimeUnit.SECONDS);
        }
    }

    static ProxyConfig config(int upstreamPort, Policy policy) {
        return ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + upstreamPort), policy, null);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + proxy.port("main") + "/wsman");
    }

    CompletableFuture<HttpResponse<String>> postAsync(String xml) {
        return client.sendAsync(HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/soap+xml;charset=UTF-8")
                        .header("X-Custom", "kept")
                        .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String xml) throws Exception {
        return postAsync(xml).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        vertx.undeploy(proxy.deploymentID()).await(10, TimeUnit.SECONDS);
    }
}
