package dev.tapdeck.proxy;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the Sends to one target (a shell, or a command of it) in the order the proxy received them: a Send
 * runs when the one before it is done, that is decided by the plug-ins and written upstream, or, in
 * serialize mode, answered. Each target's queue is bounded. Used on the proxy's event loop only.
 */
final class SendLanes {
    /** A held Send; {@code immediate} is false when it waited behind another (its target's state moved on). */
    interface Task {
        void run(boolean immediate, Runnable done);
    }

    private final int maxHeld;
    /** Busy targets and the Sends waiting behind the running one. */
    private final Map<String, ArrayDeque<Task>> busy = new HashMap<>();
    /** Sends waiting over all targets; volatile so that tests and dashboards may read it from any thread. */
    private volatile int waiting;

    SendLanes(int maxHeld) {
        this.maxHeld = maxHeld;
    }

    /** Runs {@code task} now if its target is idle, else queues it; false when the queue is full. */
    boolean submit(String target, Task task) {
        ArrayDeque<Task> waiting = busy.get(target);
        if (waiting != null) {
            if (waiting.size() >= maxHeld) {
                return false;
            }
            waiting.add(task);
            this.waiting++;
            return true;
        }
        busy.put(target, new ArrayDeque<>());
        task.run(true, once(target));
        return true;
    }

    int maxHeld() {
        return maxHeld;
    }

    /** Sends waiting behind a running one, over all targets. */
    int waiting() {
        return waiting;
    }

    private Runnable once(String target) {
        boolean[] called = {false};
        return () -> {
            if (called[0]) {
                return;
            }
            called[0] = true;
            next(target);
        };
    }

    private void next(String target) {
        ArrayDeque<Task> waiting = busy.get(target);
        Task t = waiting == null ? null : waiting.poll();
        if (t == null) {
            busy.remove(target);
            return;
        }
        this.waiting--;
        t.run(false, once(target));
    }
}
