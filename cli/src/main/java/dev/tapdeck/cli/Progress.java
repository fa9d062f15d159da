package dev.tapdeck.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A progress bar on stderr for long work on files: bytes done of the total, MB/s and the time left, redrawn
 * at most every {@link #REDRAW_NANOS} (a carriage return, no scrolling). It is a {@link LongConsumer} of
 * the bytes done so far (an absolute count, not an increment), so any long-running step can take it as
 * its progress callback; {@link #close()} draws the last state and ends the line.
 * <pre>{@code
 * try (Progress p = Progress.bytes(Files.size(file), "export", mode)) {
 *     exporter.run(file, out, p);            // calls p.accept(bytesDone) as it goes
 * }
 * }</pre>
 */
public final class Progress implements LongConsumer, AutoCloseable {
    /** Shortest time between two redraws. */
    static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR = 24;

    /** When a bar is drawn: {@code --progress} forces it, {@code --quiet} hides it, else when stderr is a terminal. */
    public enum Mode {
        AUTO, ALWAYS, NEVER;

        public static Mode of(boolean progress, boolean quiet) {
            return quiet ? NEVER : progress ? ALWAYS : AUTO;
        }
    }

    /** A bar that draws nothing (for callers that need a callback anyway). */
    public static final Progress NONE = new Progress(0, "", null, System::nanoTime);

    private final long total;
    private final String label;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long start;
    private long done;
    private long lastDraw = Long.MIN_VALUE;
    private int lastWidth;
    private boolean closed;

    Progress(long total, String label, PrintStream out, LongSupplier clock) {
        this.total = Math.max(0, total);
        this.label = label;
        this.out = out;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** A bar for {@code total} bytes on stderr, drawn as {@code mode} says. */
    public static Progress bytes(long total, String label, Mode mode) {
        boolean draw = mode == Mode.ALWAYS || (mode == Mode.AUTO && Terminal.stderr());
        return draw ? new Progress(total, label, System.err, System::nanoTime) : NONE;
    }

    /** Bytes done so far (absolute; a smaller value than before is ignored). */
    @Override
    public void accept(long bytesDone) {
        if (out == null || bytesDone < done) {
            return;
        }
        done = bytesDone;
        long now = clock.getAsLong();
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Bytes done so far. */
    public long done() {
        return done;
    }

    @Override
    public void close() {
        if (out == null || closed) {
            return;
        }
        closed = true;
        draw(clock.getAsLong());
        out.println();
        out.flush();
    }

    private void draw(long now) {
        String line = line(now);
        // pad over what the last, longer line left on the terminal
        String pad = " ".repeat(Math.max(0, lastWidth - line.length()));
        lastWidth = line.length();
        out.print("\r" + line + pad);
        out.flush();
    }

    /** The text of the bar, e.g. {@code recompute [=====>   ]  25.0% 12.0 MB/48.0 MB  35.2 MB/s  ETA 1s}. */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR, BAR * done / total);
            sb.append('[').append("=".repeat(filled)).append(filled < BAR ? ">" : "").append(" ".repeat(Math.max(0, BAR - filled - 1)))
                    .append("] ");
            sb.append(String.format(Locale.ROOT, "%5.1f%% %s/%s", 100.0 * done / total, mb(done), mb(total)));
        } else {
            sb.append(mb(done));
        }
        boolean measured = now - start >= REDRAW_NANOS; // a rate over less than that says nothing
        sb.append(measured ? String.format(Locale.ROOT, "  %.1f MB/s", rate / 1e6) : "  -- MB/s");
        if (measured && total > 0 && done < total && rate > 0) {
            sb.append("  ETA ").append(duration((long) ((total - done) / rate)));
        }
        return sb.toString();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String duration(long seconds) {
        return seconds < 60 ? seconds + "s" : seconds < 3600 ? seconds / 60 + "m" + String.format(Locale.ROOT, "%02ds", seconds % 60)
                : seconds / 3600 + "h" + String.format(Locale.ROOT, "%02dm", seconds / 60 % 60);
    }
}
