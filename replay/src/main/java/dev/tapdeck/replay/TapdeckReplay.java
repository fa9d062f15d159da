package dev.tapdeck.replay;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves a recording to the annotated test class or method: a {@link ReplayServer} on port 0 whose
 * {@link java.net.URI} or server object is injected into test parameters and into fields annotated with
 * {@link Endpoint}. The test fails with the miss report when a request matched no recorded one, and when
 * recorded exchanges were left unconsumed (unless {@link #allowUnconsumed()}).
 *
 * <pre>
 * &#64;TapdeckReplay("recordings/run-cmd.tdrec.jsonl")
 * class MyClientTest {
 *     &#64;Test
 *     void runsACommand(URI endpoint) { … point the client at endpoint … }
 * }
 * </pre>
 *
 * The path is a class path resource, else a file relative to the working directory.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(TapdeckReplayExtension.class)
public @interface TapdeckReplay {
    /** The recording: a Tapdeck recording ({@code .tdrec.jsonl}) or a pypsrp session ({@code .yml}). */
    String value();

    ReplayMode mode() default ReplayMode.LENIENT;

    /** Do not fail the test when recorded exchanges were not requested. */
    boolean allowUnconsumed() default false;

    /** 0: answer at once; otherwise the recorded latency divided by this factor. */
    double speed() default 0;

    /** Marks a field of type {@link java.net.URI} or {@link ReplayServer} that receives the replay. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Endpoint {
    }
}
