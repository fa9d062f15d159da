package dev.tapdeck.bench;

import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.TapEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The recorder's write path per event, as {@code RecordingSink}'s writer thread runs it: the event to its
 * JSON line ({@code RecordingFormat.toJson}, Jackson), then UTF-8 into a buffered file writer, flushed every
 * 1,024 events (the sink's batch). Events: a ~3 KB WinRM Send with its decoded envelope, a 1 KiB WebSocket
 * chunk. Ops/s are events/s; the secondary result {@code :bytes} is bytes of JSON written per second. The
 * file is truncated every 256 MiB, so a run does not fill the disk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RecorderWriteBenchmark {
    private static final long TRUNCATE_AT = 256L << 20;

    @Param({"send3k", "wsChunk1k"})
    public String event;

    private TapEvent tapEvent;
    private Path file;
    private BufferedWriter out;
    private long written;
    private long sinceFlush;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        tapEvent = event.equals("send3k") ? RecorderEvents.send(5) : RecorderEvents.wsChunk(5);
        file = Files.createTempFile("tapdeck-recorder-bench", RecordingFormat.FILE_SUFFIX);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        String line = RecordingFormat.mapper().writeValueAsString(RecordingFormat.toJson(tapEvent));
        System.out.println("\n" + event + ": one line of " + line.getBytes(StandardCharsets.UTF_8).length + " bytes");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public void serialiseAndWrite(ByteCounter counter) throws IOException {
        String line = RecordingFormat.mapper().writeValueAsString(RecordingFormat.toJson(tapEvent));
        out.write(line);
        out.write('\n');
        counter.bytes += line.length() + 1; // ASCII: base64 and JSON-escaped text
        written += line.length() + 1;
        if (++sinceFlush == 1024) {
            sinceFlush = 0;
            out.flush();
            if (written > TRUNCATE_AT) {
                out.close();
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                written = 0;
            }
        }
    }
}
