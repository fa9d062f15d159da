package dev.tapdeck.protocol.ws;

/** A rule found broken (or worth noting) and the concrete values, before it is placed in the stream. */
record RuleFinding(WsRule rule, String detail) {
}
