package dev.tapdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The recorder with the proxy under load (issue 5 acceptance, issue 11): N concurrent WinRM shells against
 * the embedded sample server, through {@link TapdeckProxy} in observe mode with recording on, for a fixed
 * time. Each shell: Create, Command {@code type}, Sends of stdin (the last with End), Receives until Done,
 * Delete, again. Reports exchanges/s and the recorder's throughput: MB/s and events/s written, events
 * dropped by a full queue, the queue's high-water mark. Everything runs in one JVM (client, proxy, server).
 * <pre>{@code java -cp bench/target/benchmarks.jar dev.tapdeck.bench.RecorderLoad --shells 8 --seconds 10}</pre>
 */
public final class RecorderLoad {
    private final int shells;
    private final WinrmShells.Shape shape;

    private RecorderLoad(int shells, WinrmShells.Shape shape) {
        this.shells = shells;
        this.shape = shape;
    }

    public static void main(String[] args) throws Exception {
        new RecorderLoad(Args.integer(args, "--shells", 8), WinrmShells.Shape.fromArgs(args))
                .run(Args.integer(args, "--seconds", 10));
    }

    private void run(int seconds) throws Exception {
        Path dir = Files.createTempDirectory("tapdeck-recorder-load");
        Vertx serverVertx = Vertx.vertx();
        Vertx proxyVertx = Vertx.vertx();
        Vertx clientVertx = Vertx.vertx();
        RecordingSink recorder = new RecordingSink(dir);
        AtomicLong events = new AtomicLong();
        // all(): the recorder's back-pressure reaches the proxy through the counting sink
        EventSink counted = EventSink.all(List.of(event -> events.incrementAndGet(), recorder));
        try {
            WinrmServer server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).maxShells(shells * 2 + 10));
            server.start(serverVertx).await(30, TimeUnit.SECONDS);
            TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                    URI.create("http://127.0.0.1:" + server.port()), Policy.OBSERVE, dir), counted);
            proxyVertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.port("main") + WinrmServer.PATH);
            System.out.printf(Locale.ROOT, "%d shells, %d s, %d Sends of %d B stdin per command, recording to %s%n",
                    shells, seconds, shape.sends(), shape.stdinBytes(), dir);

            Window window = new Window();
            window.open();
            long start = System.nanoTime();
            Future<Void> load = WinrmShells.run(clientVertx, endpoint, shells, shape, window);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            window.stop();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long eventsInRun = events.get();
            load.await(120, TimeUnit.SECONDS);
            // the client connections close: each session writes its trailer; then the sink drains
            clientVertx.close().await(30, TimeUnit.SECONDS);
            proxyVertx.close().await(30, TimeUnit.SECONDS);
            long drainStart = System.nanoTime();
            recorder.close();
            double drain = (System.nanoTime() - drainStart) / 1e9;

            long bytes = 0;
            long dropped = 0;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    bytes += Files.size(f);
                    dropped += droppedEvents(f);
                }
            }
            long exchanges = window.count.get();
            System.out.printf(Locale.ROOT, "exchanges: %d in %.1f s = %.0f/s (%d failed)%n", exchanges, elapsed,
                    exchanges / elapsed, window.failures.get());
            System.out.printf(Locale.ROOT, "recorder: %d events = %.0f events/s, %.1f MB written = %.1f MB/s, "
                            + "%d dropped, queue high-water %d of %d bytes, drained in %.2f s after the load%n",
                    eventsInRun, eventsInRun / elapsed, bytes / 1e6, bytes / 1e6 / elapsed, dropped, recorder.peakQueuedBytes(),
                    recorder.limits().maxQueuedBytes(), drain);
        } finally {
            clientVertx.close();
            proxyVertx.close();
            serverVertx.close();
            recorder.close();
            deleteTree(dir);
        }
    }

    private static long droppedEvents(Path recording) throws IOException {
        List<String> tail;
        try (Stream<String> lines = Files.lines(recording)) {
            tail = lines.reduce((a, b) -> b).stream().toList();
        }
        if (tail.isEmpty()) {
            return 0;
        }
        JsonNode last = RecordingFormat.mapper().readTree(tail.get(0));
        return last.path("droppedEvents").asLong(0);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
