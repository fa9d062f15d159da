package dev.tapdeck.protocol.session;

/**
 * Who sent a request, as the caller of the tap knows it (the tap itself sees only envelopes): the client
 * address and the authenticated user. Recorded with each command for the audit log.
 *
 * @param client the client address, e.g. {@code 10.0.0.5:51234}, null when unknown
 * @param user   the user name (HTTP Basic, later NTLM), null when unknown
 */
public record Requester(String client, String user) {
    public static final Requester UNKNOWN = new Requester(null, null);
}
