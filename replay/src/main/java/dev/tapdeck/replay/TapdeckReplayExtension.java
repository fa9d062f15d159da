package dev.tapdeck.replay;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@link ReplayServer} of {@link TapdeckReplay}: per class when the class is annotated, per test
 * when the method is (a method annotation wins). It owns its Vert.x instance, so it works in plain JUnit 5
 * tests and next to vertx-junit5's {@code VertxExtension}.
 */
public final class TapdeckReplayExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TapdeckReplayExtension.class);
    private static final String KEY = "replay";

    /** A running replay and how to judge it; closed by JUnit with its store. */
    private record Running(Vertx vertx, ReplayServer server, TapdeckReplay config) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<TapdeckReplay> onClass = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), TapdeckReplay.class);
        if (onClass.isPresent()) {
            context.getStore(NS).put(KEY, start(onClass.get(), context.getRequiredTestClass()));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Optional<TapdeckReplay> onMethod = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), TapdeckReplay.class);
        if (onMethod.isPresent()) {
            context.getStore(NS).put(KEY, start(onMethod.get(), context.getRequiredTestClass()));
        }
        Running running = running(context);
        if (running != null) {
            inject(context.getRequiredTestInstance(), running.server());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        finish(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        finish(context);
    }

    /** Judges and stops the replay this context started (a method's own, or the class's), if any. */
    private static void finish(ExtensionContext context) throws Exception {
        Running own = context.getStore(NS).remove(KEY, Running.class);
        if (own != null) {
            try {
                judge(own);
            } finally {
                own.close();
            }
        }
    }

    private static void judge(Running r) {
        String problems = r.server().problems(r.config().allowUnconsumed());
        if (problems != null) {
            throw new AssertionError(problems);
        }
    }

    private static Running running(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Running r = c.get().getStore(NS).get(KEY, Running.class);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static Running start(TapdeckReplay config, Class<?> testClass) throws Exception {
        ReplayScript script = ReplaySources.load(locate(config.value(), testClass));
        Vertx vertx = Vertx.vertx();
        ReplayOptions options = ReplayOptions.defaults().mode(config.mode()).speed(config.speed());
        try {
            return new Running(vertx, ReplayServer.start(vertx, script, options).await(30, TimeUnit.SECONDS), config);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    /** A class path resource (copied to a temporary file, keeping its name), else a file path. */
    private static Path locate(String value, Class<?> testClass) throws IOException {
        String resource = value.startsWith("/") ? value : "/" + value;
        try (InputStream in = testClass.getResourceAsStream(resource)) {
            if (in != null) {
                Path dir = Files.createTempDirectory("tapdeck-replay");
                Path file = dir.resolve(Path.of(value).getFileName().toString());
                Files.copy(in, file);
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return file;
            }
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new IOException("@TapdeckReplay(\"" + value + "\"): no such class path resource or file (working directory "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return file;
    }

    private static void inject(Object instance, ReplayServer server) throws IllegalAccessException {
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(TapdeckReplay.Endpoint.class)) {
                    f.setAccessible(true);
                    f.set(instance, value(f.getType(), server));
                }
            }
        }
    }

    private static Object value(Class<?> type, ReplayServer server) {
        if (type == URI.class) {
            return server.uri();
        }
        if (type == ReplayServer.class) {
            return server;
        }
        throw new ParameterResolutionException("@TapdeckReplay injects a java.net.URI or a ReplayServer, not " + type.getName());
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        return (type == URI.class || type == ReplayServer.class) && running(context) != null;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        return value(p.getParameter().getType(), running(context).server());
    }
}
