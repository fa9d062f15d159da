package dev.tapdeck.proxy;

import dev.tapdeck.proxy.plugin.PluginVeto;
import dev.tapdeck.recorder.TapEvent.PluginOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs plug-in calls so that no plug-in can take the proxy down: each call starts on a worker thread of its
 * own pool (a plug-in that blocks stalls a worker, never an event loop), a throw or a failed stage is a
 * failure, a stage still pending at the time limit is a failure too (its late completion is ignored), and
 * the outcome comes back on the caller's event loop. Every outcome is a {@link PluginDecision}; this class
 * never fails its futures.
 */
final class PluginCalls implements AutoCloseable {
    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final Duration limit;
    private final ProxyClock clock;

    PluginCalls(Vertx vertx, int threads, Duration limit, ProxyClock clock) {
        this.vertx = vertx;
        // maxExecuteTime only warns; the timer below is what bounds a call
        this.workers = vertx.createSharedWorkerExecutor("tapdeck-plugins", threads);
        this.limit = limit;
        this.clock = clock;
    }

    Duration limit() {
        return limit;
    }

    /** Call from an event loop; the future completes on that event loop. */
    Future<PluginDecision> call(String plugin, Supplier<CompletionStage<Void>> call) {
        Context context = vertx.getOrCreateContext();
        Promise<PluginDecision> result = Promise.promise();
        long start = clock.nanoTime().getAsLong();
        long timer = vertx.setTimer(limit.toMillis(), t -> result.tryComplete(new PluginDecision(plugin,
                PluginOutcome.TIMED_OUT, null, "plug-in " + plugin + " did not complete within " + describe(limit),
                clock.nanoTime().getAsLong() - start)));
        workers.<CompletionStage<Void>>executeBlocking(call::get, false).onComplete(started -> {
            if (started.failed()) {
                finish(context, result, timer, plugin, start, started.cause());
            } else if (started.result() == null) {
                finish(context, result, timer, plugin, start, new NullPointerException("the plug-in returned no stage"));
            } else {
                started.result().whenComplete((v, err) -> finish(context, result, timer, plugin, start, err));
            }
        });
        return result.future();
    }

    private void finish(Context context, Promise<PluginDecision> result, long timer, String plugin, long start,
                        Throwable err) {
        context.runOnContext(x -> {
            vertx.cancelTimer(timer);
            long waited = clock.nanoTime().getAsLong() - start;
            Throwable cause = unwrap(err);
            if (cause == null) {
                result.tryComplete(new PluginDecision(plugin, PluginOutcome.PASSED, null, null, waited));
            } else if (cause instanceof PluginVeto veto) {
                result.tryComplete(new PluginDecision(plugin, PluginOutcome.VETOED, veto.code(),
                        veto.getMessage() == null ? "refused by plug-in " + plugin : veto.getMessage(), waited));
            } else {
                String m = cause.getMessage();
                result.tryComplete(new PluginDecision(plugin, PluginOutcome.FAILED, null, "plug-in " + plugin + " failed: "
                        + cause.getClass().getSimpleName() + (m == null ? "" : ": " + m), waited));
            }
        });
    }

    private static Throwable unwrap(Throwable err) {
        Throwable t = err;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        workers.close();
    }
}
