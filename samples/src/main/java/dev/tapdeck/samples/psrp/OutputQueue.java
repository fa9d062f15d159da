package dev.tapdeck.samples.psrp;

import dev.tapdeck.protocol.psrp.Fragment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The fragments a RunspacePool or one pipeline has sent but the client has not received yet, in the order
 * sent, and whether that target has ended (a pipeline's PIPELINE_STATE is queued). What waits is bounded by
 * what the pipeline was given (its input is bounded, the built-ins write nothing larger); a Receive takes as many whole fragments as its envelope holds ([MS-PSRP] 3.1.5.1.1: fragments are
 * never split across WS-Man messages). Not thread-safe: confined to the server's event loop.
 */
final class OutputQueue {
    private final ArrayDeque<Fragment> pending = new ArrayDeque<>();
    private boolean ended;
    private Runnable listener;

    void add(List<Fragment> fragments) {
        for (Fragment f : fragments) {
            pending.add(f);
        }
        notifyListener();
    }

    /** No more output will come: a waiting Receive answers with what is left and the end. */
    void end() {
        ended = true;
        notifyListener();
    }

    boolean isReady() {
        return !pending.isEmpty() || ended;
    }

    /** Ended and every fragment received. */
    boolean isDrained() {
        return ended && pending.isEmpty();
    }

    /**
     * Whole fragments in order while {@code cost} of them stays within {@code budget}; at least one when any
     * is waiting, so that a fragment sized for the negotiated envelope always moves.
     */
    List<Fragment> take(long budget, ToLongFunction<Fragment> cost) {
        List<Fragment> out = new ArrayList<>();
        long used = 0;
        while (!pending.isEmpty()) {
            long c = cost.applyAsLong(pending.peek());
            if (!out.isEmpty() && used + c > budget) {
                break;
            }
            Fragment f = pending.poll();
            out.add(f);
            used += c;
        }
        return out;
    }

    /** Called once, at the next output or end; replaces an earlier listener. */
    void onOutput(Runnable r) {
        listener = r;
    }

    void removeOutputListener(Runnable r) {
        if (listener == r) {
            listener = null;
        }
    }

    private void notifyListener() {
        Runnable r = listener;
        listener = null;
        if (r != null) {
            r.run();
        }
    }
}
