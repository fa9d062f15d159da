package dev.tapdeck.samples.winrm;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One Receive ([MS-WSMV] 3.1.4.14), for a WinRS command or a PSRP RunspacePool or pipeline. When the
 * target has output or is done it is answered at once; otherwise it waits: answered at the first output or exit, or with {@code w:TimedOut} when the
 * OperationTimeout passes, and forgotten if the client goes away first. Not thread-safe: confined to the
 * server's event loop like the rest of the shell state.
 */
final class ReceivePoll {
    private final ResponseEnvelopes envelopes;
    private final ShellService.Scheduler scheduler;
    private final String relatesTo;
    private final Source source;
    private final Supplier<String> envelope;
    private final Runnable onOutput = this::answer;
    private ShellService.ReplySink sink;
    private long timerId;
    private boolean finished;

    /** What a Receive waits on: told once at the next output or end. */
    interface Source {
        /** Called once, at the next output or end; replaces an earlier listener. */
        void onOutput(Runnable listener);

        /** Forgets {@code listener} if it is still the one waiting. */
        void removeOutputListener(Runnable listener);
    }

    /**
     * @param envelope the ReceiveResponse for what the source has at the time it is called
     */
    ReceivePoll(ResponseEnvelopes envelopes, ShellService.Scheduler scheduler, String relatesTo, Source source,
                Supplier<String> envelope) {
        this.envelopes = envelopes;
        this.scheduler = scheduler;
        this.relatesTo = relatesTo;
        this.source = source;
        this.envelope = envelope;
    }

    /** Waits for output; a later Receive on the same command replaces this one, which then times out. */
    void start(Duration timeout, ShellService.ReplySink sink) {
        this.sink = sink;
        source.onOutput(onOutput);
        timerId = scheduler.schedule(timeout, this::timedOut);
        sink.onCancel(this::finish);
    }

    private void answer() {
        if (finish()) {
            sink.reply(ShellService.HTTP_OK, envelope.get());
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
        source.removeOutputListener(onOutput);
        return true;
    }
}
