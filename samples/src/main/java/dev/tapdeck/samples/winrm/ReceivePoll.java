package dev.tapdeck.samples.winrm;

import java.time.Duration;
import java.util.List;

/**
 * One Receive ([MS-WSMV] 3.1.4.14). When the command has output or is done it is answered at once;
 * otherwise it waits: answered at the first output or exit, or with {@code w:TimedOut} when the
 * OperationTimeout passes, and forgotten if the client goes away first. Not thread-safe: confined to the
 * server's event loop like the rest of the shell state.
 */
final class ReceivePoll {
    private final ResponseEnvelopes envelopes;
    private final ShellService.Scheduler scheduler;
    private final String relatesTo;
    private final CommandProcess process;
    private final long budget;
    private final List<String> desiredStreams;
    private final Runnable onOutput = this::answer;
    private ShellService.ReplySink sink;
    private long timerId;
    private boolean finished;

    ReceivePoll(ResponseEnvelopes envelopes, ShellService.Scheduler scheduler, String relatesTo, CommandProcess process,
                long budget, List<String> desiredStreams) {
        this.envelopes = envelopes;
        this.scheduler = scheduler;
        this.relatesTo = relatesTo;
        this.process = process;
        this.budget = budget;
        this.desiredStreams = desiredStreams;
    }

    /** The ReceiveResponse for what the command has now: its waiting output and, once drained, Done. */
    String envelope() {
        List<StreamChunk> chunks = process.take(budget, desiredStreams);
        return envelopes.receiveResponse(relatesTo, process.commandId(), chunks, desiredStreams, process.isDrained(),
                process.exitCode());
    }

    /** Waits for output; a later Receive on the same command replaces this one, which then times out. */
    void start(Duration timeout, ShellService.ReplySink sink) {
        this.sink = sink;
        process.onOutput(onOutput);
        timerId = scheduler.schedule(timeout, this::timedOut);
        sink.onCancel(this::finish);
    }

    private void answer() {
        if (finish()) {
            sink.reply(ShellService.HTTP_OK, envelope());
        }
    }

    private void timedOut() {
        if (finish()) {
            // [MS-WSMV] 3.1.4.14: the service MUST return w:TimedOut, Code 2150858793; the client retries
            sink.reply(ShellService.HTTP_FAULT, envelopes.fault(relatesTo, WsmanFault.of(FaultKind.TIMED_OUT)));
        }
    }

    private boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        scheduler.cancel(timerId);
        process.removeOutputListener(onOutput);
        return true;
    }
}
