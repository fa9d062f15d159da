package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;

/**
 * The dashboards' end of the tap's event stream: keeps the newest sessions and events in memory for the pages
 * ({@link SessionStore}), counts them for Prometheus ({@link TapMetrics}) and queues them for the browsers
 * watching live ({@link LiveFeed}). Add it to the proxy's sinks and serve it with {@link AdminServer}.
 * Called on the proxy's event loops: it only updates memory, never blocks.
 */
public final class DashboardSink implements EventSink {
    private final DashboardLimits limits;
    private final SessionStore store;
    private final TapMetrics metrics = new TapMetrics();
    private final LiveFeed feed;

    public DashboardSink(DashboardLimits limits) {
        this.limits = limits;
        this.store = new SessionStore(limits);
        this.feed = new LiveFeed(limits.maxLiveQueue());
    }

    public DashboardSink() {
        this(DashboardLimits.DEFAULT);
    }

    @Override
    public void accept(TapEvent event) {
        ObjectNode line = EventLines.line(event, limits.maxBodyBytes());
        metrics.record(event, line);
        store.add(event.sessionId(), line);
        feed.line(event.sessionId(), line);
        feed.changed(event.sessionId());
        if (event instanceof TapEvent.CommandAudited) {
            feed.audit(line);
        }
    }

    public TapMetrics metrics() {
        return metrics;
    }

    public DashboardLimits limits() {
        return limits;
    }

    SessionStore store() {
        return store;
    }

    LiveFeed feed() {
        return feed;
    }
}
