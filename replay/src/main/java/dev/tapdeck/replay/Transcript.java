package dev.tapdeck.replay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a replay received and sent, in order, as bytes: the determinism check compares two of them
 * (design principle 5). No timestamps: they would differ between runs.
 */
final class Transcript {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int requests;

    synchronized void exchange(int recordedIndex, byte[] request, int status, byte[] response) {
        requests++;
        line("> request " + requests + (recordedIndex < 0 ? " (miss)" : " = recorded exchange " + (recordedIndex + 1)));
        out.writeBytes(request);
        line("");
        line("< " + status);
        out.writeBytes(response);
        line("");
    }

    synchronized void line(String text) {
        out.writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    synchronized void bytes(String label, byte[] data) {
        line(label + " " + data.length);
        out.writeBytes(data);
        line("");
    }

    synchronized byte[] bytes() {
        return out.toByteArray();
    }
}
