package dev.tapdeck.proxy;

import java.time.Duration;

/**
 * Limits on what a client may send or hold before a request is relayed (issue 10 part 2: header floods and
 * slow headers). Crossing the first two is answered by Vert.x before any route sees the request (414 for a
 * request line over the limit, 431 for header fields over it); the head timeout closes the connection.
 *
 * @param maxInitialLineLength longest request line (method, target, version), in bytes
 * @param maxHeaderSize        most bytes of header fields of one request, all fields together
 * @param requestHeadTimeout   longest time a client connection may go without a complete request head while none
 *                             of its requests is in flight (a client that trickles its head, or sends nothing, or
 *                             stays idle between requests); zero: no limit. Windows' HTTP.sys closes idle
 *                             connections after 120 s too (IdleConnectionTimeout, HeaderWaitTimeout)
 */
public record ClientLimits(int maxInitialLineLength, int maxHeaderSize, Duration requestHeadTimeout) {
    public static final ClientLimits DEFAULT = new ClientLimits(8192, 64 * 1024, Duration.ofSeconds(120));

    public ClientLimits {
        if (maxInitialLineLength < 256 || maxHeaderSize < 1024) {
            throw new IllegalArgumentException("maxInitialLineLength must be at least 256 and maxHeaderSize at least 1024 bytes");
        }
        if (requestHeadTimeout == null || requestHeadTimeout.isNegative()) {
            throw new IllegalArgumentException("requestHeadTimeout must be zero (no limit) or positive");
        }
    }

    public ClientLimits withRequestHeadTimeout(Duration timeout) {
        return new ClientLimits(maxInitialLineLength, maxHeaderSize, timeout);
    }
}
