package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The sessions and audit rows the pages show, bounded by {@link DashboardLimits}: the newest sessions (a
 * finished one is forgotten before a live one), per session its newest events, and the newest audit rows.
 * Written from the proxy's event loops and read by the admin listener, so every method holds the lock briefly.
 */
final class SessionStore {
    /** One session: its row and its newest events. */
    private static final class Held {
        final SessionSummary summary;
        final ArrayDeque<ObjectNode> events = new ArrayDeque<>();
        long forgotten;

        Held(String id) {
            summary = new SessionSummary(id);
        }
    }

    /**
     * Events of a session as far as memory goes.
     *
     * @param forgotten events older than those listed that memory no longer holds (the recording has them)
     */
    record Events(ObjectNode session, List<ObjectNode> events, long forgotten) {
    }

    private final DashboardLimits limits;
    private final Map<String, Held> sessions = new LinkedHashMap<>();
    private final ArrayDeque<ObjectNode> audit = new ArrayDeque<>();
    private long sessionsForgotten;

    SessionStore(DashboardLimits limits) {
        this.limits = limits;
    }

    synchronized void add(String sessionId, ObjectNode line) {
        Held h = sessions.get(sessionId);
        if (h == null) {
            h = new Held(sessionId);
            sessions.put(sessionId, h);
            forgetSessions();
        }
        h.summary.apply(line);
        h.events.addLast(line);
        if (h.events.size() > limits.maxEventsPerSession()) {
            h.events.removeFirst();
            h.forgotten++;
        }
        if ("audit".equals(line.path("type").asText())) {
            audit.addLast(line);
            if (audit.size() > limits.maxAuditRows()) {
                audit.removeFirst();
            }
        }
    }

    private void forgetSessions() {
        while (sessions.size() > limits.maxSessions()) {
            // the oldest finished session goes first; only when every one is live does the oldest live one go
            Held victim = sessions.values().stream().filter(h -> h.summary.ended()).findFirst()
                    .orElse(sessions.values().iterator().next());
            sessions.remove(victim.summary.id());
            sessionsForgotten++;
        }
    }

    /** Rows, newest first, that pass the filter. */
    synchronized List<ObjectNode> summaries(long nowMillis, Predicate<ObjectNode> filter) {
        List<ObjectNode> out = new ArrayList<>();
        for (Held h : sessions.values()) {
            ObjectNode row = h.summary.toJson(nowMillis, true);
            if (filter.test(row)) {
                out.add(row);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** The row of one session, null when memory does not hold it. */
    synchronized ObjectNode summary(String sessionId, long nowMillis) {
        Held h = sessions.get(sessionId);
        return h == null ? null : h.summary.toJson(nowMillis, true);
    }

    /** Events with {@code seq} above {@code afterSeq}, at most {@code limit}; null when memory does not hold the session. */
    synchronized Events events(String sessionId, long afterSeq, int limit, long nowMillis) {
        Held h = sessions.get(sessionId);
        if (h == null) {
            return null;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode e : h.events) {
            if (e.path("seq").asLong() > afterSeq && out.size() < limit) {
                out.add(e);
            }
        }
        return new Events(h.summary.toJson(nowMillis, true), out, h.forgotten);
    }

    /** Audit rows, oldest first, that pass the filter. */
    synchronized List<ObjectNode> audit(Predicate<ObjectNode> filter) {
        return audit.stream().filter(filter).toList();
    }

    synchronized int size() {
        return sessions.size();
    }

    synchronized long sessionsForgotten() {
        return sessionsForgotten;
    }
}
