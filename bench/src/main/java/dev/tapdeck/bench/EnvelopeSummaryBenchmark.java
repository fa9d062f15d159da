package dev.tapdeck.bench;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
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
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The WS-Man envelope summary, the tap's cost on every WinRM request and response (issue Benchmarks:
 * target at least 150 MB/s). Bodies are shaped like pywinrm's: a Send with 3 KB of stdin and a
 * ReceiveResponse with 1.5 KB of stdout.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeSummaryBenchmark {
    @Param({"send3k", "receiveResponse1k5"})
    public String body;

    private final EnvelopeReader reader = new EnvelopeReader();
    private byte[] bytes;

    @Setup
    public void setup() {
        bytes = (body.equals("send3k") ? send(3 * 1024) : receiveResponse(1536)).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public EnvelopeDecoded summarise(ByteCounter counter) {
        counter.bytes += bytes.length;
        return reader.read(bytes);
    }

    private static String b64(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return Base64.getEncoder().encodeToString(data);
    }

    private static final String HEAD = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
            + "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
            + "xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"><s:Header>"
            + "<wsa:To>http://windows-host:5985/wsman</wsa:To><wsa:ReplyTo><wsa:Address s:mustUnderstand=\"true\">"
            + "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address></wsa:ReplyTo>"
            + "<wsman:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</wsman:MaxEnvelopeSize>"
            + "<wsa:MessageID>uuid:B9C6A568-20B0-4B50-93EE-E7BCAD5C20DB</wsa:MessageID>"
            + "<wsman:Locale xml:lang=\"en-US\" s:mustUnderstand=\"false\"/>"
            + "<wsman:OperationTimeout>PT20S</wsman:OperationTimeout>"
            + "<wsman:ResourceURI s:mustUnderstand=\"true\">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</wsman:ResourceURI>"
            + "<wsman:SelectorSet><wsman:Selector Name=\"ShellId\">0D6FCA9D-2D40-44C3-B691-E665BE7AA687</wsman:Selector></wsman:SelectorSet>";

    static String send(int size) {
        return HEAD + "<wsa:Action s:mustUnderstand=\"true\">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send</wsa:Action>"
                + "</s:Header><s:Body><rsp:Send><rsp:Stream Name=\"stdin\" CommandId=\"1A2B3C4D-0000-4000-8000-000000000001\" End=\"true\">"
                + b64(size) + "</rsp:Stream></rsp:Send></s:Body></s:Envelope>";
    }

    static String receiveResponse(int size) {
        return HEAD + "<wsa:Action>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse</wsa:Action>"
                + "</s:Header><s:Body><rsp:ReceiveResponse><rsp:Stream Name=\"stdout\" CommandId=\"1A2B3C4D-0000-4000-8000-000000000001\">"
                + b64(size) + "</rsp:Stream><rsp:Stream Name=\"stdout\" CommandId=\"1A2B3C4D-0000-4000-8000-000000000001\" End=\"true\"></rsp:Stream>"
                + "<rsp:CommandState CommandId=\"1A2B3C4D-0000-4000-8000-000000000001\" "
                + "State=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done\"><rsp:ExitCode>0</rsp:ExitCode>"
                + "</rsp:CommandState></rsp:ReceiveResponse></s:Body></s:Envelope>";
    }
}
