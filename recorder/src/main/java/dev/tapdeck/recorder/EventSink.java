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

    /**
     * True while this sink asks its producers to stop reading traffic (its queue is past its high-water mark):
     * the relays pause their sockets, and resume through {@link #whenDrained}.
     */
    default boolean congested() {
        return false;
    }

    /** Runs {@code resume} (on any thread) once this sink is no longer congested: at once when it is not. */
    default void whenDrained(Runnable resume) {
        resume.run();
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
            public boolean congested() {
                return sinks.stream().anyMatch(EventSink::congested);
            }

            @Override
            public void whenDrained(Runnable resume) {
                // waits for each congested sink in turn
                EventSink blocked = sinks.stream().filter(EventSink::congested).findFirst().orElse(null);
                if (blocked == null) {
                    resume.run();
                } else {
                    blocked.whenDrained(() -> whenDrained(resume));
                }
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
