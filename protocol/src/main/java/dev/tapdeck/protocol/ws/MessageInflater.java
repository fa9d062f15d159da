package dev.tapdeck.protocol.ws;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the messages of one direction (RFC 7692 7.2.2, notes PMD-5 to PMD-9). One raw inflater is
 * kept across messages when context takeover is in use, and reset per message otherwise.
 */
final class MessageInflater {

    enum Status { OK, LIMIT_EXCEEDED, INVALID_DATA, SINK_STOPPED }

    /** Receives inflated bytes; returns false to stop (the text was found invalid). */
    interface Sink {
        boolean accept(byte[] b, int off, int len);
    }

    // RFC 7692 7.2.2: the sender removed this empty stored block's tail; the receiver appends it again
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    /** Created with the first compressed message: an idle connection holds no zlib state (issue 11). */
    private Inflater inflater;
    private final DeflateWindow window = new DeflateWindow();
    private byte[] out;
    private final boolean contextTakeover;
    private final long maxInflated;
    private long inflated;
    private String problem = "";

    MessageInflater(boolean contextTakeover, long maxInflatedMessageBytes) {
        this.contextTakeover = contextTakeover;
        this.maxInflated = maxInflatedMessageBytes;
    }

    void startMessage() {
        inflated = 0;
        if (inflater == null) {
            inflater = new Inflater(true);
            out = new byte[32 * 1024];
        } else if (!contextTakeover) {
            // RFC 7692 7.1.1: without context takeover every message starts with an empty window
            inflater.reset();
            window.clear();
        }
    }

    Status inflate(byte[] in, int off, int len, Sink sink) {
        inflater.setInput(in, off, len);
        while (true) {
            int n;
            try {
                n = inflater.inflate(out);
            } catch (DataFormatException e) {
                problem = String.valueOf(e.getMessage());
                return Status.INVALID_DATA;
            }
            if (n > 0) {
                window.append(out, 0, n);
                long room = maxInflated - inflated;
                if (n > room) {
                    inflated = maxInflated;
                    sink.accept(out, 0, (int) room);
                    return Status.LIMIT_EXCEEDED;
                }
                inflated += n;
                if (!sink.accept(out, 0, n)) {
                    return Status.SINK_STOPPED;
                }
            }
            if (inflater.finished()) {
                // RFC 7692 7.2.3.4: a BFINAL block may end the DEFLATE stream inside a message; what
                // follows is a new stream that may still refer to the window (PMD-7)
                int rest = inflater.getRemaining();
                restart();
                if (rest == 0) {
                    return Status.OK;
                }
                inflater.setInput(in, off + len - rest, rest);
            } else if (n == 0) {
                return Status.OK;
            }
        }
    }

    Status finishMessage(Sink sink) {
        return inflate(TAIL, 0, TAIL.length, sink);
    }

    /** The inflater's message for {@link Status#INVALID_DATA}. */
    String problem() {
        return problem;
    }

    void end() {
        if (inflater != null) {
            inflater.end();
        }
    }

    private void restart() {
        inflater.reset();
        byte[] dictionary = window.contents();
        if (dictionary.length > 0) {
            inflater.setDictionary(dictionary);
        }
    }
}
