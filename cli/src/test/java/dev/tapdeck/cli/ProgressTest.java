package dev.tapdeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

class ProgressTest {
    private long now;

    @Test
    void drawsBytesRateAndTimeLeftAtMostEveryRedrawInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(100_000_000, "export", new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> now);
        LongConsumer callback = p; // what export and import take
        callback.accept(10_000_000);
        now += Progress.REDRAW_NANOS / 2;
        callback.accept(20_000_000); // too soon: not drawn
        now = 1_000_000_000L;
        callback.accept(25_000_000);
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertTrue(drawn.startsWith("\rexport [==>                     ]  10.0% 10.0 MB/100.0 MB  -- MB/s"), drawn);
        assertTrue(drawn.contains("\rexport [======>                 ]  25.0% 25.0 MB/100.0 MB  25.0 MB/s  ETA 3s"), drawn);
        p.close();
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith(System.lineSeparator()), "the line ends on close");
    }

    @Test
    void quietDrawsNothingAndProgressForcesTheBar() {
        assertEquals(Progress.NONE, Progress.bytes(10, "x", Progress.Mode.of(true, true)));
        assertEquals(Progress.Mode.ALWAYS, Progress.Mode.of(true, false));
        assertEquals(Progress.Mode.AUTO, Progress.Mode.of(false, false));
    }
}
