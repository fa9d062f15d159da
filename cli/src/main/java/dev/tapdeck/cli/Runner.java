package dev.tapdeck.cli;

import dev.tapdeck.proxy.ConsoleSink;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.SelfSignedCertificate;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.AuditSink;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingLimits;
import dev.tapdeck.recorder.RecordingSink;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Starts the proxy on a Vert.x instance, prints where it listens, and runs until Ctrl-C. */
final class Runner {
    private Runner() {
    }

    /** The running proxy and what it needs closed. */
    record Started(Vertx vertx, TapdeckProxy proxy, EventSink sink) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            vertx.close().await(30, TimeUnit.SECONDS);
            sink.close();
        }
    }

    static Started start(Vertx vertx, ProxyConfig cfg, ProxyOptions options) throws Exception {
        EventSink sink = EventSink.all(sinks(cfg, options));
        TapdeckProxy proxy = new TapdeckProxy(cfg, sink);
        vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
        return new Started(vertx, proxy, sink);
    }

    /** Console (unless quiet), recordings and the audit log, as configured. */
    static List<EventSink> sinks(ProxyConfig cfg, ProxyOptions options) {
        List<EventSink> sinks = new ArrayList<>();
        if (!options.quiet) {
            sinks.add(new ConsoleSink(System.out));
        }
        if (cfg.recordDir() != null) {
            sinks.add(new RecordingSink(cfg.recordDir(), cfg.recording()));
        }
        if (options.audit != null) {
            sinks.add(new AuditSink(options.audit));
        }
        return sinks;
    }

    static int runUntilInterrupted(ProxyConfig cfg, ProxyOptions options, Consumer<Started> banner) throws Exception {
        Vertx vertx = Vertx.vertx();
        Started started;
        try {
            started = start(vertx, cfg, options);
        } catch (Exception e) {
            vertx.close();
            System.err.println("tapdeck: cannot start the proxy: " + e.getMessage());
            return 1;
        }
        for (ProxyConfig.Listener l : cfg.listeners()) {
            int port = started.proxy().port(l.name());
            for (ProxyConfig.Route r : l.routes()) {
                System.out.printf("tapdeck %s listening on %s://%s:%d%s -> %s (%s, policy %s%s)%n", TapdeckProxy.VERSION,
                        l.scheme(), l.host(), port, r.pathPrefix().equals("/") ? "" : r.pathPrefix(), r.upstream(), r.protocol(),
                        cfg.policy().mode().name().toLowerCase(java.util.Locale.ROOT),
                        r.tls() ? ", upstream certificate " + r.upstreamTls().describe() : "");
            }
            SelfSignedCertificate cert = started.proxy().generatedCertificates().get(l.name());
            if (cert != null) {
                System.out.println("listener " + l.name() + ": generated self-signed certificate, SHA-256 " + cert.sha256());
                System.out.println("  clients can trust " + cert.certificate().toAbsolutePath()
                        + " (pywinrm: ca_trust_path=...; curl: --cacert ...)");
            }
        }
        if (cfg.anyUpstreamInsecure()) {
            System.out.println("WARNING: --upstream-insecure: upstream TLS certificates are NOT verified; "
                    + "every recording header says \"upstreamInsecure\":true");
        }
        if (cfg.recordDir() != null) {
            RecordingLimits limits = cfg.recording();
            System.out.println("recording to " + cfg.recordDir().toAbsolutePath() + " (at most " + limits.maxRecordingBytes()
                    + " bytes per recording" + (limits.maxTotalBytes() > 0 ? ", " + limits.maxTotalBytes()
                    + " bytes in total, oldest finished ones deleted" : "") + ")");
        }
        if (cfg.auditRequired()) {
            System.out.println("audit required: new sessions are refused (503) while recordings or the audit log cannot be written");
        }
        if (options.audit != null) {
            System.out.println("audit log " + options.audit.toAbsolutePath());
        }
        if (banner != null) {
            banner.accept(started);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            stop.countDown();
        }, "tapdeck-shutdown"));
        stop.await();
        return 0;
    }
}
