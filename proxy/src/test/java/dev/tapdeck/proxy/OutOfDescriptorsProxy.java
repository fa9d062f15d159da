package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A proxy in front of an upstream answering "upstream-ok", run by {@link DescriptorExhaustionTest} in a JVM of
 * its own under a low open-file limit. Serves one exchange, prints "OPEN n" (descriptors in use once started) and "LISTENING port",
 * then serves until killed. Netty logs through java.util.logging with its default console handler, as in
 * production: that logging path is what once killed the acceptor thread when descriptors ran out.
 */
public final class OutOfDescriptorsProxy {
    private OutOfDescriptorsProxy() {
    }

    public static void main(String[] args) throws Exception {
        // a logging library elsewhere on the test class path must not hide the JUL path the bug took
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        Vertx vertx = Vertx.vertx();
        HttpServer upstream = vertx.createHttpServer().requestHandler(req -> req.response().end("upstream-ok"))
                .listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
        TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                URI.create("http://127.0.0.1:" + upstream.actualPort()), Policy.OBSERVE, null), event -> { });
        vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
        // One exchange first, as a proxy that has served before: run from target/classes (not a jar), each class
        // loaded for the first time opens a file, which would fail for reasons the regression is not about.
        String answer = RawHttp.exchange(proxy.port("main"), RawHttp.post("/wsman", "<hello/>"));
        if (!answer.endsWith("upstream-ok")) {
            throw new IllegalStateException("the first exchange through the proxy failed: " + answer);
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            System.out.println("OPEN " + fds.count());
        }
        System.out.println("LISTENING " + proxy.port("main"));
        System.out.flush();
    }
}
