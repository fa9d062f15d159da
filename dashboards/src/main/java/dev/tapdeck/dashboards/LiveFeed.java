package dev.tapdeck.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingFormat;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Server-Sent Events for the pages: {@code session} (a changed row of the sessions list), {@code audit}
 * (a new audit row), {@code line} (a new event of the session the browser watches) and {@code resync}
 * (the browser fell behind: reload the data). The proxy's threads only queue; the admin listener's
 * timer writes ({@link #flush}), so a slow browser never slows the proxy and holds at most
 * {@link DashboardLimits#maxLiveQueue()} messages.
 */
final class LiveFeed {
    /** One browser's stream; {@code session} is the session whose lines it wants, null for none. */
    static final class Subscriber {
        private final HttpServerResponse response;
        private final String session;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean behind;

        Subscriber(HttpServerResponse response, String session) {
            this.response = response;
            this.session = session;
        }
    }

    private final int maxQueue;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Set<String> dirty = new LinkedHashSet<>();

    LiveFeed(int maxQueue) {
        this.maxQueue = maxQueue;
    }

    void subscribe(Subscriber s) {
        subscribers.add(s);
        s.response.closeHandler(v -> subscribers.remove(s));
        s.response.exceptionHandler(e -> subscribers.remove(s));
    }

    int subscribers() {
        return subscribers.size();
    }

    /** A session changed: its row goes out at the next flush (at most once per flush, however busy it is). */
    void changed(String sessionId) {
        if (subscribers.isEmpty()) {
            return; // nobody watches: a browser that connects later loads the rows first
        }
        synchronized (dirty) {
            dirty.add(sessionId);
        }
    }

    void line(String sessionId, JsonNode line) {
        String frame = null;
        for (Subscriber s : subscribers) {
            if (sessionId.equals(s.session)) {
                frame = frame == null ? frame("line", line) : frame;
                offer(s, frame);
            }
        }
    }

    void audit(JsonNode row) {
        if (!subscribers.isEmpty()) {
            String frame = frame("audit", row);
            subscribers.forEach(s -> offer(s, frame));
        }
    }

    /** Writes what is queued; runs on the admin listener's event loop. {@code rows} gives a session's current row. */
    void flush(Function<String, JsonNode> rows) {
        List<String> ids;
        synchronized (dirty) {
            ids = List.copyOf(dirty);
            dirty.clear();
        }
        if (!ids.isEmpty() && !subscribers.isEmpty()) {
            for (String id : ids) {
                JsonNode r = rows.apply(id);
                if (r != null) {
                    String frame = frame("session", r);
                    subscribers.forEach(s -> offer(s, frame));
                }
            }
        }
        for (Subscriber s : subscribers) {
            StringBuilder out = new StringBuilder();
            synchronized (s) {
                if (s.response.writeQueueFull()) {
                    // a browser that cannot keep up is told to reload instead of growing the socket's queue
                    s.behind = true;
                    s.queue.clear();
                    continue;
                }
                if (s.behind) {
                    s.queue.clear();
                    s.behind = false;
                    out.append("event: resync\ndata: {}\n\n");
                }
                for (String f = s.queue.poll(); f != null; f = s.queue.poll()) {
                    out.append(f);
                }
            }
            if (out.length() > 0 && !s.response.closed()) {
                s.response.write(out.toString());
            }
        }
    }

    /** A comment line that keeps idle connections (and proxies between) from timing out. */
    void heartbeat() {
        for (Subscriber s : subscribers) {
            if (!s.response.closed()) {
                s.response.write(": keep-alive\n\n");
            }
        }
    }

    private void offer(Subscriber s, String frame) {
        synchronized (s) {
            if (s.behind) {
                return;
            }
            if (s.queue.size() >= maxQueue) {
                s.behind = true;
                s.queue.clear();
                return;
            }
            s.queue.add(frame);
        }
    }

    private static String frame(String event, JsonNode data) {
        try {
            // JSON has no raw newlines, so one data line carries it (SSE: a newline would split the field)
            return "event: " + event + "\ndata: " + RecordingFormat.mapper().writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event that cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
