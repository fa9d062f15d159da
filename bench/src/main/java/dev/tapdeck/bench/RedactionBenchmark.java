package dev.tapdeck.bench;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.recorder.redact.RedactionPolicy;
import dev.tapdeck.recorder.redact.SessionRedactor;
import dev.tapdeck.samples.winrm.WsmanRequests;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The default redaction of the request bodies of one cmd shell's life (Create, Command, three ~3 KB Sends,
 * Receive, Delete), as the proxy's RedactingSink runs it on every event: {@code tapParsed} true lets bodies the
 * tap already parsed and that hold no PSRP carrier through without the redactor's own parse.
 * <pre>{@code java -jar bench/target/benchmarks.jar Redaction -f 1 -wi 2 -i 3}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedactionBenchmark {
    @Param({"false", "true"})
    boolean tapParsed;

    private List<byte[]> bodies;

    @Setup
    public void setUp() {
        WsmanRequests r = new WsmanRequests("http://127.0.0.1:5985/wsman");
        String shell = "11111111-1111-1111-1111-111111111111";
        String command = "22222222-2222-2222-2222-222222222222";
        byte[] stdin = "x".repeat(2100).getBytes(StandardCharsets.US_ASCII);
        bodies = List.of(r.create("uuid:1"), r.command("uuid:2", shell, "type"), r.send("uuid:3", shell, command, stdin, false),
                r.send("uuid:4", shell, command, stdin, false), r.send("uuid:5", shell, command, stdin, true),
                r.receive("uuid:6", shell, command), r.delete("uuid:7", shell));
        EnvelopeReader reader = new EnvelopeReader();
        for (byte[] b : bodies) {
            if (!(reader.read(b) instanceof EnvelopeDecoded.EnvelopeParsed)) {
                throw new IllegalStateException("the tap does not parse " + new String(b, StandardCharsets.UTF_8));
            }
        }
    }

    /** Seven request bodies through a fresh session's redactor. */
    @Benchmark
    public void shellLife(Blackhole bh) {
        SessionRedactor r = new SessionRedactor(RedactionPolicy.DEFAULT);
        for (byte[] b : bodies) {
            bh.consume(r.winrmRequest(b, tapParsed));
        }
    }
}
