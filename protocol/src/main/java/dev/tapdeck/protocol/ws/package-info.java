/**
 * Passive RFC 6455 / RFC 7692 decoding for the WebSocket tap (websocket-notes.md is the specification).
 * <p>
 * How the pieces fit, per connection:
 * <ol>
 * <li>{@link dev.tapdeck.protocol.ws.HandshakeChecker#checkRequest} on the upgrade request (before it is
 * forwarded), then {@link dev.tapdeck.protocol.ws.HandshakeChecker#check} once the response head is in;
 * a non-101 answer means the connection stays HTTP.</li>
 * <li>For a 101: one {@link dev.tapdeck.protocol.ws.FrameDecoder} per direction, built with
 * {@link dev.tapdeck.protocol.ws.HandshakeOutcome#extensionsInUse()} and sharing one
 * {@link dev.tapdeck.protocol.ws.PingLedger} so pongs are matched against the other side's pings. Bytes
 * the server sent after the 101 head in the same read are the first bytes of its frame stream.</li>
 * <li>Each chunk read from a socket goes through {@code feed} before it is written on. An enforcing relay
 * forwards only the bytes before {@link dev.tapdeck.protocol.ws.FrameDecoder#gateOffset()}: a header that
 * breaks a rule is then never sent, not even in part ({@code ViolationFound.frameOffset} is where the bad
 * frame starts). A payload violation (UTF-8) is found after part of its frame went out: only a TCP drop
 * can follow it.</li>
 * </ol>
 */
package dev.tapdeck.protocol.ws;
