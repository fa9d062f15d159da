package dev.tapdeck.recorder.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Reports the bytes read so far to a progress callback (the CLI's progress bar), at most once per
 * {@value #STEP} bytes and at the end, so a callback that draws stays cheap.
 */
final class ProgressInputStream extends FilterInputStream {
    static final long STEP = 64 * 1024;

    private final LongConsumer progress;
    private long read;
    private long reported;

    ProgressInputStream(InputStream in, LongConsumer progress) {
        super(in);
        this.progress = progress == null ? n -> { } : progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        } else {
            finish();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        } else if (n < 0) {
            finish();
        }
        return n;
    }

    private void advance(long n) {
        read += n;
        if (read - reported >= STEP) {
            reported = read;
            progress.accept(read);
        }
    }

    private void finish() {
        if (reported != read) {
            reported = read;
            progress.accept(read);
        }
    }

    @Override
    public void close() throws IOException {
        finish();
        super.close();
    }
}
