package dev.tapdeck.recorder;

/**
 * A consumer of the tap's event stream (recorder, console, dashboards). Called on the proxy's event
 * loop: implementations must not block; slow work is queued.
 */
public interface EventSink extends AutoCloseable {
    void accept(TapEvent event);

    @Override
    default void close() {
    }

    /**
     * Why this sink cannot keep what it is given now (a full disk, a directory limit), null when it can.
     * With {@code --audit-required} the proxy refuses new sessions while any sink says so.
     */
    default String unavailable() {
        return null;
    }

    /** Sends every event to each sink in turn; one failing sink does not starve the others. */
    static EventSink all(java.util.List<EventSink> sinks) {
        return new EventSink() {
            @Override
            public void accept(TapEvent event) {
                for (EventSink s : sinks) {
                    try {
                        s.accept(event);
                    } catch (RuntimeException e) {
                        System.err.println("tapdeck: event sink " + s.getClass().getSimpleName() + " failed: " + e);
                    }
                }
            }

            @Override
            public String unavailable() {
                for (EventSink s : sinks) {
                    String why = s.unavailable();
                    if (why != null) {
                        return why;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                for (EventSink s : sinks) {
                    try {
                        s.close();
                    } catch (Exception e) {
                        System.err.println("tapdeck: closing " + s.getClass().getSimpleName() + " failed: " + e);
                    }
                }
            }
        };
    }
}
