package dev.tapdeck.dashboards;

/**
 * What the dashboards keep in memory (design principle 6): the newest sessions and, per session, its newest
 * events; older ones are only on disk, in the recordings. Bodies and WebSocket chunks are cut to
 * {@code maxBodyBytes} in memory (the recording keeps them whole).
 *
 * @param maxSessions          sessions kept (finished ones are forgotten first)
 * @param maxEventsPerSession  timeline events kept per session (the oldest are forgotten first)
 * @param maxBodyBytes         bytes of a body or chunk kept per event for the text and hex views
 * @param maxAuditRows         audit rows kept for the audit page
 * @param maxRecordingEvents   most events one API call reads from a recording file
 * @param maxLiveQueue         SSE messages waiting for one slow browser before it is told to reload
 */
public record DashboardLimits(int maxSessions, int maxEventsPerSession, int maxBodyBytes, int maxAuditRows,
                              int maxRecordingEvents, int maxLiveQueue) {
    public static final DashboardLimits DEFAULT = new DashboardLimits(200, 5_000, 64 * 1024, 2_000, 20_000, 2_000);

    public DashboardLimits {
        positive("maxSessions", maxSessions);
        positive("maxEventsPerSession", maxEventsPerSession);
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxAuditRows", maxAuditRows);
        positive("maxRecordingEvents", maxRecordingEvents);
        positive("maxLiveQueue", maxLiveQueue);
    }

    public DashboardLimits withMaxSessions(int n) {
        return new DashboardLimits(n, maxEventsPerSession, maxBodyBytes, maxAuditRows, maxRecordingEvents, maxLiveQueue);
    }

    public DashboardLimits withMaxEventsPerSession(int n) {
        return new DashboardLimits(maxSessions, n, maxBodyBytes, maxAuditRows, maxRecordingEvents, maxLiveQueue);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("dashboard limit " + name + " must be at least 1, not " + value);
        }
    }
}
