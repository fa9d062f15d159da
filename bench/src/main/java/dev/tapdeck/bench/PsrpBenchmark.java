package dev.tapdeck.bench;

import dev.tapdeck.protocol.psrp.PsrpDirection;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler.AssembledMessage;
import dev.tapdeck.protocol.psrp.view.CreatePipeline;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult;
import dev.tapdeck.protocol.psrp.view.PsrpViews;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PSRP decoding speed in bytes of input per second (the {@code :bytes} secondary result; divided by 10^6, MB/s):
 * <ul>
 *   <li>{@link #fragmentsAndMessages}: every PSRP payload of the PowerShell sessions, split into fragments,
 *       reassembled and read as messages, one assembler per session and direction (what the tap does for
 *       each Send, Command, Create and ReceiveResponse);</li>
 *   <li>{@link #clixmlAuditExtraction}: the CLIXML of the messages the audit reads (CREATE_PIPELINE,
 *       GET_COMMAND_METADATA, PIPELINE_INPUT, PIPELINE_STATE, ERROR_RECORD…) parsed into views, pipelines
 *       rendered as command lines.</li>
 * </ul>
 * Input: the corpus's pypsrp recordings when found ({@code -Dtapdeck.corpus=DIR}), else a synthesised session.
 * Run: {@code java -Dtapdeck.corpus=../shared/corpus -jar bench/target/benchmarks.jar Psrp -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PsrpBenchmark {
    private List<PsrpInput.Session> sessions;
    private List<PsrpMessage> auditMessages;
    private long payloadBytes;
    private long auditBytes;
    private final PsrpViews views = new PsrpViews();

    @Setup(Level.Trial)
    public void load() {
        sessions = PsrpInput.sessions();
        auditMessages = new ArrayList<>();
        for (PsrpInput.Session s : sessions) {
            payloadBytes += s.bytes();
            for (AssembledMessage m : decode(s, null)) {
                if (PsrpViews.hasView(m.message().type())) {
                    auditMessages.add(m.message());
                    auditBytes += m.message().data().length;
                }
            }
        }
        System.out.println("PsrpBenchmark input: " + (PsrpInput.corpus() == null ? "synthesised" : "corpus " + PsrpInput.corpus())
                + ", " + sessions.size() + " session(s), " + payloadBytes + " payload bytes, " + auditMessages.size()
                + " audited messages of " + auditBytes + " bytes");
    }

    @Benchmark
    public void fragmentsAndMessages(ByteCounter counter, Blackhole bh) {
        for (PsrpInput.Session s : sessions) {
            bh.consume(decode(s, bh));
        }
        counter.bytes += payloadBytes;
    }

    @Benchmark
    public void clixmlAuditExtraction(ByteCounter counter, Blackhole bh) {
        for (PsrpMessage m : auditMessages) {
            PsrpViewResult r = views.view(m);
            if (r instanceof PsrpViewResult.Viewed v && v.view() instanceof CreatePipeline p) {
                bh.consume(p.render(1024));
            } else {
                bh.consume(r);
            }
        }
        counter.bytes += auditBytes;
    }

    private static List<AssembledMessage> decode(PsrpInput.Session s, Blackhole bh) {
        PsrpMessageAssembler client = new PsrpMessageAssembler(PsrpDirection.CLIENT_TO_SERVER);
        PsrpMessageAssembler server = new PsrpMessageAssembler(PsrpDirection.SERVER_TO_CLIENT);
        List<AssembledMessage> out = new ArrayList<>();
        for (byte[] p : s.clientPayloads()) {
            out.addAll(client.accept(p).messages());
        }
        for (byte[] p : s.serverPayloads()) {
            out.addAll(server.accept(p).messages());
        }
        if (bh != null) {
            bh.consume(client.finish());
            bh.consume(server.finish());
        }
        return out;
    }
}
