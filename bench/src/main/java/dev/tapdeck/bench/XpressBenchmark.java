package dev.tapdeck.bench;

import dev.tapdeck.protocol.xpress.CompressedStream;
import dev.tapdeck.protocol.xpress.XpressDecoded;
import dev.tapdeck.protocol.xpress.XpressTestCompressor;
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

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The cost of reading xpress-compressed WinRM stream data ([MS-WSMV] chunk framing, [MS-XCA] LZ77+Huffman): one
 * stream of 256 KiB (four full chunks) of CLIXML-like PSRP output, or of random bytes (which the framing stores).
 * The counter reports decompressed bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XpressBenchmark {
    private static final int STREAM_BYTES = 256 * 1024;

    @Param({"clixml", "random"})
    public String content;

    private byte[] framed;

    @Setup
    public void setup() {
        byte[] plain = new byte[STREAM_BYTES];
        Random random = new Random(42);
        if (content.equals("random")) {
            random.nextBytes(plain);
        } else {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; sb.length() < STREAM_BYTES; i++) {
                sb.append("<Obj RefId=\"").append(i).append("\"><TN RefId=\"0\"><T>System.IO.FileInfo</T></TN><Props><S N=\"Name\">")
                        .append(Long.toHexString(random.nextLong())).append(".log</S><I64 N=\"Length\">")
                        .append(random.nextInt(1 << 20)).append("</I64></Props></Obj>");
            }
            byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, plain, 0, STREAM_BYTES);
        }
        framed = XpressTestCompressor.frame(plain);
    }

    @Benchmark
    public XpressDecoded decompress(ByteCounter counter) {
        XpressDecoded d = CompressedStream.decompress(framed, CompressedStream.DEFAULT_MAX_DECOMPRESSED_BYTES);
        counter.bytes += STREAM_BYTES;
        return d;
    }
}
