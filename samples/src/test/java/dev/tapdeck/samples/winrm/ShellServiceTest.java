package dev.tapdeck.samples.winrm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.wsman.WsmanHeader;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The shell service without a socket: a manual scheduler and clock make the long poll, the timeouts and
 * idle shells deterministic.
 */
class ShellServiceTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong nextId = new AtomicLong(1);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final WinrmServerOptions options = new WinrmServerOptions()
            .ids(() -> new UUID(0xABCDEFL, nextId.getAndIncrement())).nanoClock(clock::get);
    private ShellService service;

    private ShellService service() {
        if (service == null) {
            service = new ShellService(options, new FileStore(10, 1000, 1000), scheduler);
        }
        return service;
    }

    /** Timers that fire only when the test says so. */
    static final class ManualScheduler implements ShellService.Scheduler {
        final Map<Long, Runnable> tasks = new LinkedHashMap<>();
        final List<Duration> delays = new ArrayList<>();
        long next;

        @Override
        public long schedule(Duration delay, Runnable task) {
            delays.add(delay);
            tasks.put(++next, task);
            return next;
        }

        @Override
        public void cancel(long timerId) {
            tasks.remove(timerId);
        }

        void fireAll() {
            new ArrayList<>(tasks.values()).forEach(Runnable::run);
            tasks.clear();
        }
    }

    /** Collects replies; a waiting Receive shows as no reply yet. */
    static final class Sink implements ShellService.ReplySink {
        final List<WsmanEnvelope> replies = new ArrayList<>();
        final List<Integer> statuses = new ArrayList<>();
        Runnable onCancel;

        @Override
        public void reply(int status, String envelope) {
            statuses.add(status);
            var parsed = assertInstanceOf(EnvelopeDecoded.EnvelopeParsed.class, new EnvelopeReader().read(envelope.getBytes(UTF_8)));
            replies.add(parsed.envelope());
        }

        @Override
        public void onCancel(Runnable onCancel) {
            this.onCancel = onCancel;
        }

        WsmanBody only() {
            assertEquals(1, replies.size(), "exactly one reply");
            return replies.get(0).body();
        }
    }

    static WsmanHeader header(WsmanAction action, String shellId, String timeout, Long maxEnvelopeSize, String resourceUri) {
        return new WsmanHeader(action.uri(), action, "uuid:" + UUID.randomUUID(), null, null, null, resourceUri,
                shellId == null ? Map.of() : Map.of("ShellId", shellId), List.of(), timeout, maxEnvelopeSize,
                "en-US", null, null, null);
    }

    Sink call(WsmanAction action, String shellId, WsmanBody body) {
        return call(header(action, shellId, "PT20S", 153600L, WsmanNamespaces.RESOURCE_CMD), body);
    }

    Sink call(WsmanHeader header, WsmanBody body) {
        Sink sink = new Sink();
        service().handle(new WsmanEnvelope(header, body), new ShellService.RequestContext("u", "10.0.0.1", "http://h/wsman"), sink);
        return sink;
    }

    String create() {
        return ((WsmanBody.CreateResponse) call(WsmanAction.Create, null, new WsmanBody.Shell(null, null, List.of(),
                List.of(), null, null, null)).only()).shellId();
    }

    String command(String shellId, String line) {
        return ((WsmanBody.CommandResponse) call(WsmanAction.Command, shellId, new WsmanBody.CommandLine(null, line, List.of()))
                .only()).commandId();
    }

    Sink receive(String shellId, String commandId) {
        return call(WsmanAction.Receive, shellId, new WsmanBody.Receive(commandId, List.of("stdout", "stderr")));
    }

    Sink send(String shellId, String commandId, String data, boolean end) {
        byte[] bytes = data.getBytes(UTF_8);
        return call(WsmanAction.Send, shellId, new WsmanBody.Send(List.of(new ShellStream("stdin", commandId, end, bytes, 0))));
    }

    static WsmanBody.Fault fault(Sink sink, String subcode) {
        assertEquals(List.of(500), sink.statuses);
        WsmanBody.Fault fault = assertInstanceOf(WsmanBody.Fault.class, sink.only());
        assertEquals(subcode, fault.subcode());
        return fault;
    }

    @Test
    void idsComeFromTheInjectedSource() {
        String shellId = create();
        assertEquals("00000000-00AB-CDEF-0000-000000000001".length(), shellId.length());
        assertEquals(new UUID(0xABCDEFL, 1).toString().toUpperCase(), shellId);
        assertEquals(new UUID(0xABCDEFL, 3).toString().toUpperCase(), command(shellId, "echo"), "MessageID took 2");
    }

    @Test
    void aWaitingReceiveIsAnsweredByTheNextOutput() {
        String shellId = create();
        String commandId = command(shellId, "cat");
        Sink waiting = receive(shellId, commandId);
        assertTrue(waiting.replies.isEmpty(), "no output yet: the Receive waits");
        assertEquals(List.of(Duration.ofSeconds(20)), scheduler.delays);

        assertEquals(WsmanBody.SendResponse.class, send(shellId, commandId, "hi", false).only().getClass());
        WsmanBody.ReceiveResponse r = assertInstanceOf(WsmanBody.ReceiveResponse.class, waiting.only());
        assertEquals("hi", new String(r.streams().get(0).data(), UTF_8));
        assertTrue(scheduler.tasks.isEmpty(), "the timer is cancelled");
    }

    @Test
    void theTimerAnswersTimedOutAndForgetsTheReceive() {
        String shellId = create();
        String commandId = command(shellId, "cat");
        Sink waiting = receive(shellId, commandId);
        scheduler.fireAll();
        WsmanBody.Fault fault = fault(waiting, "w:TimedOut");
        assertEquals(2150858793L, fault.wsmanFaultCode());
        send(shellId, commandId, "later", true);
        assertEquals(1, waiting.replies.size(), "a timed-out Receive is not answered twice");
    }

    @Test
    void aClientThatGoesAwayIsForgotten() {
        String shellId = create();
        String commandId = command(shellId, "cat");
        Sink waiting = receive(shellId, commandId);
        waiting.onCancel.run();
        assertTrue(scheduler.tasks.isEmpty());
        send(shellId, commandId, "x", false);
        assertTrue(waiting.replies.isEmpty());
        WsmanBody.ReceiveResponse next = assertInstanceOf(WsmanBody.ReceiveResponse.class, receive(shellId, commandId).only());
        assertEquals("x", new String(next.streams().get(0).data(), UTF_8), "the output waited for the next Receive");
    }

    @Test
    void operationTimeoutIsCappedAndDefaulted() {
        options.maxOperationTimeout(Duration.ofSeconds(30)).defaultOperationTimeout(Duration.ofSeconds(5));
        String shellId = create();
        String commandId = command(shellId, "cat");
        call(header(WsmanAction.Receive, shellId, "PT180.000S", null, WsmanNamespaces.RESOURCE_CMD),
                new WsmanBody.Receive(commandId, List.of("stdout")));
        call(header(WsmanAction.Receive, shellId, null, null, WsmanNamespaces.RESOURCE_CMD),
                new WsmanBody.Receive(commandId, List.of("stdout")));
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(5)), scheduler.delays);
    }

    @Test
    void deleteAnswersWaitingReceives() {
        String shellId = create();
        String commandId = command(shellId, "cat");
        Sink waiting = receive(shellId, commandId);
        assertInstanceOf(WsmanBody.Empty.class, call(WsmanAction.Delete, shellId, new WsmanBody.Empty()).only());
        WsmanBody.ReceiveResponse r = assertInstanceOf(WsmanBody.ReceiveResponse.class, waiting.only());
        assertTrue(r.commandStates().get(0).isDone());
        assertEquals(0, service().shellCount());
    }

    @Test
    void quotas() {
        options.maxShells(2).maxCommandsPerShell(2).maxPendingOutputBytes(10);
        String shellId = create();
        create();
        WsmanBody.Fault shells = fault(call(WsmanAction.Create, null, new WsmanBody.Shell(null, null, List.of(), List.of(),
                null, null, null)), "w:QuotaLimit");
        assertEquals(2150859173L, shells.wsmanFaultCode());
        assertTrue(shells.message().contains("maximum number of 2 concurrent shells"), shells.message());

        String cat = command(shellId, "cat");
        command(shellId, "echo");
        fault(call(WsmanAction.Command, shellId, new WsmanBody.CommandLine(null, "echo", List.of())), "w:QuotaLimit");

        WsmanBody.Fault output = fault(send(shellId, cat, "01234567890", false), "w:QuotaLimit");
        assertTrue(output.message().contains("maxPendingOutputBytes"), output.message());
        send(shellId, cat, "0123456789", true);
        assertEquals(10, ((WsmanBody.ReceiveResponse) receive(shellId, cat).only()).streams().get(0).size());
    }

    @Test
    void idleShellsExpire() {
        options.idleTimeout(Duration.ofMinutes(1));
        String old = create();
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        command(old, "echo");
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        String fresh = create();
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        fault(call(WsmanAction.Delete, old, new WsmanBody.Empty()), "w:InvalidSelectors");
        assertInstanceOf(WsmanBody.Empty.class, call(WsmanAction.Delete, fresh, new WsmanBody.Empty()).only());
    }

    @Test
    void headerProblems() {
        WsmanBody.Shell shell = new WsmanBody.Shell(null, null, List.of(), List.of(), null, null, null);
        fault(call(header(WsmanAction.Create, null, null, 4096L, WsmanNamespaces.RESOURCE_CMD), shell), "w:EncodingLimit");
        fault(call(header(WsmanAction.Create, null, "P1Y", null, WsmanNamespaces.RESOURCE_CMD), shell),
                "a:InvalidMessageInformationHeader");
        fault(call(header(WsmanAction.Create, null, null, null, "http://schemas.microsoft.com/wbem/wsman/1/config"), shell),
                "a:DestinationUnreachable");
        // a PowerShell Create needs the RunspacePool id and the opening messages ([MS-PSRP] 3.1.5.3.1)
        fault(call(header(WsmanAction.Create, null, null, null, WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX
                + "Microsoft.PowerShell"), shell), "w:InvalidParameter");
        WsmanHeader noMessageId = new WsmanHeader(WsmanAction.Create.uri(), WsmanAction.Create, null, null, null, null,
                WsmanNamespaces.RESOURCE_CMD, Map.of(), List.of(), null, null, null, null, null, null);
        Sink sink = call(noMessageId, shell);
        fault(sink, "a:MessageInformationHeaderRequired");
        assertNull(sink.replies.get(0).header().relatesTo());
        String shellId = create();
        fault(call(WsmanAction.Signal, shellId, new WsmanBody.Signal(command(shellId, "echo"), "bogus")), "w:InvalidParameter");
    }
}
