package dev.tapdeck.dashboards;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the admin listener serves and who may use it.
 *
 * @param host      address to bind; anything but a loopback address needs a token
 * @param port      port, 0 for a free one
 * @param token     the access token every page, API call and {@code /metrics} then requires (Bearer header
 *                  or the cookie set by {@code ?token=}); null for none, allowed only on loopback
 * @param recordDir the recordings directory the recordings page browses, null when the proxy does not record
 */
public record AdminConfig(String host, int port, String token, Path recordDir) {
    /** Shortest token accepted: a guessable token on a network address is no protection. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public AdminConfig {
        if (token != null) {
            token = token.strip();
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("the admin token must have at least " + MIN_TOKEN_LENGTH
                        + " characters (it has " + token.length() + ")");
            }
        }
        if (token == null && !loopback(host)) {
            throw new IllegalArgumentException("the admin listener on " + host + " needs an access token "
                    + "(--admin-token-file or TAPDECK_ADMIN_TOKEN): only a loopback address may go without one");
        }
    }

    public static AdminConfig loopback(int port, Path recordDir) {
        return new AdminConfig("127.0.0.1", port, null, recordDir);
    }

    /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name could resolve anywhere: only literal addresses count
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
