package dev.tapdeck.bench;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.ProxyStats;
import dev.tapdeck.proxy.RouteProtocol;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingLimits;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak (issue 10 part 6): mixed WinRM and WebSocket load through {@link TapdeckProxy} (observe, recording on)
 * for a given time, in one JVM with the embedded WinRM server and a WebSocket echo upstream ({@link WsEchoServer}).
 * WinRM clients run shells one after the other ({@link WinrmShells}) on keep-alive connections; WebSocket clients
 * open a connection, exchange a few echoes, close it, again (connection churn, unlike {@link WsEchoLoad}).
 * Every sample interval it samples the heap after a full GC and what is open (client sessions from the proxy's
 * events, client and upstream connections from its stats, the JVM's sockets, the tap's shells), and at the end
 * fails when one of them trended up ({@link SoakTrend}). Exit status 0: flat.
 * <pre>{@code java -Xmx512m -cp bench/target/benchmarks.jar dev.tapdeck.bench.Soak --minutes 30}</pre>
 */
public final class Soak {
    private static final int WS_MESSAGES = 5;
    private static final Buffer WS_PAYLOAD = Buffer.buffer("y".repeat(500));

    private final AtomicLong sessionsOpen = new AtomicLong();
    private final Window winrmWindow = new Window();
    private final Window wsWindow = new Window();

    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(Args.string(args, "--minutes", "30"));
        int sampleSeconds = Args.integer(args, "--sample-seconds", 60);
        int shells = Args.integer(args, "--shells", 4);
        int websockets = Args.integer(args, "--websockets", 4);
        System.exit(new Soak().run(Duration.ofMillis((long) (minutes * 60_000)), sampleSeconds, shells, websockets) ? 0 : 1);
    }

    private boolean run(Duration duration, int sampleSeconds, int shells, int websockets) throws Exception {
        Path dir = Files.createTempDirectory("tapdeck-soak");
        Vertx upstreams = Vertx.vertx();
        Vertx proxyVertx = Vertx.vertx();
        Vertx clients = Vertx.vertx();
        // the soak must not fill the disk: a recording stops at 4 MiB (the keep-alive WinRM sessions last the whole
        // run), the oldest are deleted past 64 MiB in all
        RecordingLimits limits = RecordingLimits.DEFAULT.withMaxRecordingBytes(4L << 20).withMaxTotalBytes(64L << 20);
        RecordingSink recorder = new RecordingSink(dir, limits);
        EventSink counted = EventSink.all(List.of(event -> {
            if (event instanceof TapEvent.SessionStarted) {
                sessionsOpen.incrementAndGet();
            } else if (event instanceof TapEvent.SessionEnded) {
                sessionsOpen.decrementAndGet();
            }
        }, recorder));
        try {
            WinrmServer winrm = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).maxShells(shells * 2 + 10));
            winrm.start(upstreams).await(30, TimeUnit.SECONDS);
            HttpServer echo = WsEchoServer.start(upstreams, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
            ProxyConfig config = new ProxyConfig(List.of(new ProxyConfig.Listener("main", "127.0.0.1", 0, List.of(
                    new ProxyConfig.Route(WinrmServer.PATH, URI.create("http://127.0.0.1:" + winrm.port()), RouteProtocol.WINRM),
                    new ProxyConfig.Route(WsEchoServer.PATH, URI.create("ws://127.0.0.1:" + echo.actualPort()), RouteProtocol.WEBSOCKET)))),
                    Policy.OBSERVE, ProxyConfig.DEFAULT_BODY_LIMIT, Duration.ofSeconds(120), Duration.ofSeconds(30),
                    Duration.ofSeconds(10), dir, true).withRecording(limits);
            TapdeckProxy proxy = new TapdeckProxy(config, counted);
            proxyVertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
            int port = proxy.port("main");

            winrmWindow.open();
            wsWindow.open();
            Future<Void> winrmLoad = WinrmShells.run(clients, URI.create("http://127.0.0.1:" + port + WinrmServer.PATH), shells,
                    new WinrmShells.Shape("type", 3, 2100), winrmWindow);
            WebSocketClient wsClient = WsEchoLoad.client(clients);
            URI echoUrl = URI.create("ws://127.0.0.1:" + port + WsEchoServer.PATH);
            List<Future<Void>> loads = new ArrayList<>(List.of(winrmLoad));
            for (int i = 0; i < websockets; i++) {
                Promise<Void> done = Promise.promise();
                clients.runOnContext(v -> echoCycle(wsClient, echoUrl, done));
                loads.add(done.future());
            }
            System.out.printf(Locale.ROOT, "soak: %s, %d WinRM shell loops, %d WebSocket loops, a sample every %d s, recording to %s%n",
                    duration, shells, websockets, sampleSeconds, dir);
            SoakTrend trend = new SoakTrend();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            for (long next = start + TimeUnit.SECONDS.toNanos(sampleSeconds); next <= end; next += TimeUnit.SECONDS.toNanos(sampleSeconds)) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                long heap = SoakTrend.heapAfterGc();
                ProxyStats stats = proxy.stats();
                SoakTrend.Sample s = new SoakTrend.Sample((System.nanoTime() - start) / 1e9, heap, sessionsOpen.get(),
                        stats.clientConnections(), stats.upstreamConnections(), SoakTrend.openSockets(),
                        proxy.tap(config.listeners().get(0).routes().get(0)).state().shellCount());
                trend.add(s);
                System.out.printf(Locale.ROOT, "%s  exchanges %d (%d failed shells), ws echoes %d (%d failed)%n", s,
                        winrmWindow.count.get(), winrmWindow.failures.get(), wsWindow.count.get(), wsWindow.failures.get());
            }
            winrmWindow.stop();
            wsWindow.stop();
            boolean drained = true;
            try {
                Future.join(loads).await(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                drained = false;
            }
            clients.close().await(30, TimeUnit.SECONDS);
            TimeUnit.SECONDS.sleep(2); // the proxy sees the client connections close
            System.out.printf(Locale.ROOT, "after the load: %d client sessions open, %s, %d sockets (listeners included)%n",
                    sessionsOpen.get(), proxy.stats(), SoakTrend.openSockets());
            List<String> verdict = new ArrayList<>(trend.problems());
            if (!drained) {
                verdict.add("the load loops did not stop within 60 s");
            }
            if (winrmWindow.count.get() == 0 || wsWindow.count.get() == 0) {
                verdict.add("no load went through (exchanges " + winrmWindow.count.get() + ", echoes " + wsWindow.count.get() + ")");
            }
            verdict.forEach(p -> System.out.println("FAIL: " + p));
            System.out.println(verdict.isEmpty() ? "soak: flat" : "soak: FAILED");
            return verdict.isEmpty();
        } finally {
            clients.close();
            proxyVertx.close().await(30, TimeUnit.SECONDS);
            upstreams.close();
            recorder.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One WebSocket connection through the proxy: a few echoes, then close; again until the window stops. */
    private void echoCycle(WebSocketClient client, URI url, Promise<Void> done) {
        if (wsWindow.stopped()) {
            done.complete();
            return;
        }
        client.connect(WsEchoLoad.connectOptions(url))
                .compose(ws -> {
                    Promise<Void> echoed = Promise.promise();
                    int[] left = {WS_MESSAGES};
                    long[] sentAt = {System.nanoTime()};
                    ws.binaryMessageHandler(echo -> {
                        wsWindow.completed(sentAt[0], WS_PAYLOAD.length(), echo.length());
                        if (--left[0] == 0) {
                            echoed.tryComplete();
                        } else {
                            sentAt[0] = System.nanoTime();
                            ws.writeBinaryMessage(WS_PAYLOAD);
                        }
                    });
                    ws.closeHandler(v -> echoed.tryFail("closed before the echoes"));
                    ws.writeBinaryMessage(WS_PAYLOAD);
                    return echoed.future().eventually(() -> ws.close());
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        wsWindow.failed();
                    }
                    echoCycle(client, url, done);
                });
    }
}
