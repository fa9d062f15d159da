package dev.tapdeck.protocol.ws;

import java.util.Arrays;

/** The bounded buffer a data message is assembled in (WsLimits.maxMessageBytes). */
final class MessageBuffer {
    private static final byte[] NONE = new byte[0];
    private static final int FIRST_CAPACITY = 256;

    private final int limit;
    private byte[] data = NONE;
    private int size;

    MessageBuffer(int limit) {
        this.limit = limit;
    }

    /** Bytes that may still be added before the limit. */
    int room() {
        return limit - size;
    }

    /** Sizes the buffer for a message whose length is known up front (an unfragmented one). */
    void expect(long length) {
        int capacity = (int) Math.min(length, limit);
        if (capacity > data.length) {
            data = Arrays.copyOf(data, capacity);
        }
    }

    /** Reserves {@code n <= room()} bytes at the end and returns where they start in {@link #array()}. */
    int extend(int n) {
        int needed = size + n;
        if (needed > data.length) {
            int capacity = Math.max(FIRST_CAPACITY, data.length);
            while (capacity < needed) {
                capacity = capacity > limit / 2 ? limit : capacity * 2;
            }
            data = Arrays.copyOf(data, Math.min(capacity, limit));
        }
        int at = size;
        size = needed;
        return at;
    }

    byte[] array() {
        return data;
    }

    /** Appends up to {@link #room()} bytes; returns how many were taken. */
    int append(byte[] b, int off, int len) {
        int n = Math.min(len, room());
        int at = extend(n);  // may replace data: read the field only afterwards
        System.arraycopy(b, off, data, at, n);
        return n;
    }

    /** Hands the assembled bytes over and starts empty (big buffers are not kept between messages). */
    Payload take() {
        Payload p = size == data.length ? Payload.wrap(data) : Payload.copyOf(data, 0, size);
        data = NONE;
        size = 0;
        return p;
    }
}
