package dev.tapdeck.bench;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.RouteProtocol;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingLimits;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak (issue 10 part 6): mixed WinRM and WebSocket load through {@link TapdeckProxy} (observe, recording on)
 * for a given time, in one JVM with the embedded WinRM server and a WebSocket echo upstream. WinRM clients run
 * shells one after the other ({@link WinrmShellCycles}) on keep-alive connections; WebSocket clients open a
 * connection, exchange a few echoes, close it, again. Every sample interval it samples the heap after a full
 * GC and the open connections (the proxy's client sessions from its events, the JVM's sockets, the tap's
 * shells), and at the end fails when one of them trended up ({@link SoakTrend}). Exit status 0: flat.
 * <pre>{@code java -Xmx512m -cp bench/target/benchmarks.jar dev.tapdeck.bench.Soak --minutes 30}</pre>
 */
public final class Soak {
    private static final int WS_MESSAGES = 5;

    private final AtomicLong sessionsOpen = new AtomicLong();
    private final AtomicLong wsEchoes = new AtomicLong();
    private final AtomicLong wsFailures = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();

    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(arg(args, "--minutes", "30"));
        int sampleSeconds = Integer.parseInt(arg(args, "--sample-seconds", "60"));
        int shells = Integer.parseInt(arg(args, "--shells", "4"));
        int websockets = Integer.parseInt(arg(args, "--websockets", "4"));
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
        EventSink counted = event -> {
            if (event instanceof TapEvent.SessionStarted) {
                sessionsOpen.incrementAndGet();
            } else if (event instanceof TapEvent.SessionEnded) {
                sessionsOpen.decrementAndGet();
            }
            recorder.accept(event);
        };
        try {
            WinrmServer winrm = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).maxShells(shells * 2 + 10));
            winrm.start(upstreams).await(30, TimeUnit.SECONDS);
            HttpServer echo = upstreams.createHttpServer().webSocketHandler(ws -> {
                ws.textMessageHandler(ws::writeTextMessage);
                ws.binaryMessageHandler(ws::writeBinaryMessage);
            });
            echo.listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
            ProxyConfig config = new ProxyConfig(List.of(new ProxyConfig.Listener("main", "127.0.0.1", 0, List.of(
                    new ProxyConfig.Route(WinrmServer.PATH, URI.create("http://127.0.0.1:" + winrm.port()), RouteProtocol.WINRM),
                    new ProxyConfig.Route("/echo", URI.create("ws://127.0.0.1:" + echo.actualPort()), RouteProtocol.WEBSOCKET)))),
                    Policy.OBSERVE, ProxyConfig.DEFAULT_BODY_LIMIT, Duration.ofSeconds(120), Duration.ofSeconds(30),
                    Duration.ofSeconds(10), dir, true).withRecording(limits);
            TapdeckProxy proxy = new TapdeckProxy(config, counted);
            proxyVertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
            int port = proxy.port("main");

            WinrmShellCycles winrmLoad = new WinrmShellCycles(clients.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(shells)), port, 3, 2100);
            WebSocketClient wsClient = clients.createWebSocketClient();
            CountDownLatch done = new CountDownLatch(shells + websockets);
            for (int i = 0; i < shells; i++) {
                clients.runOnContext(v -> winrmLoad.cycle(stopping::get, done));
            }
            for (int i = 0; i < websockets; i++) {
                clients.runOnContext(v -> echoCycle(wsClient, port, done));
            }
            System.out.printf(Locale.ROOT, "soak: %s, %d WinRM shell loops, %d WebSocket loops, a sample every %d s, recording to %s%n",
                    duration, shells, websockets, sampleSeconds, dir);
            SoakTrend trend = new SoakTrend();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            for (long next = start + TimeUnit.SECONDS.toNanos(sampleSeconds); next <= end; next += TimeUnit.SECONDS.toNanos(sampleSeconds)) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                SoakTrend.Sample s = new SoakTrend.Sample((System.nanoTime() - start) / 1e9, SoakTrend.heapAfterGc(),
                        sessionsOpen.get(), SoakTrend.openSockets(), proxy.tap(config.listeners().get(0).routes().get(0)).state().shellCount());
                trend.add(s);
                System.out.printf(Locale.ROOT, "%s  exchanges %d (%d failed shells), ws echoes %d (%d failed)%n", s,
                        winrmLoad.exchanges.get(), winrmLoad.failures.get(), wsEchoes.get(), wsFailures.get());
            }
            stopping.set(true);
            boolean drained = done.await(60, TimeUnit.SECONDS);
            clients.close().await(30, TimeUnit.SECONDS);
            TimeUnit.SECONDS.sleep(2); // the proxy sees the client connections close
            System.out.printf(Locale.ROOT, "after the load: %d client sessions open, %d sockets (listeners and upstreams' included)%n",
                    sessionsOpen.get(), SoakTrend.openSockets());
            List<String> verdict = trend.problems();
            if (!drained) {
                verdict = new java.util.ArrayList<>(verdict);
                verdict.add("the load loops did not stop within 60 s");
            }
            if (winrmLoad.exchanges.get() == 0 || wsEchoes.get() == 0) {
                verdict = new java.util.ArrayList<>(verdict);
                verdict.add("no load went through (exchanges " + winrmLoad.exchanges.get() + ", echoes " + wsEchoes.get() + ")");
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

    /** One WebSocket connection through the proxy: a few echoes, then close; again until stopping. */
    private void echoCycle(WebSocketClient client, int port, CountDownLatch done) {
        if (stopping.get()) {
            done.countDown();
            return;
        }
        client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/echo"))
                .compose(ws -> {
                    io.vertx.core.Promise<Void> echoed = io.vertx.core.Promise.promise();
                    int[] left = {WS_MESSAGES};
                    ws.textMessageHandler(text -> {
                        wsEchoes.incrementAndGet();
                        if (--left[0] == 0) {
                            echoed.tryComplete();
                        } else {
                            ws.writeTextMessage("echo " + left[0] + " " + "y".repeat(500));
                        }
                    });
                    ws.closeHandler(v -> echoed.tryFail("closed before the echoes"));
                    ws.writeTextMessage("echo " + left[0] + " " + "y".repeat(500));
                    return echoed.future().eventually(() -> ws.close());
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        wsFailures.incrementAndGet();
                    }
                    echoCycle(client, port, done);
                });
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
