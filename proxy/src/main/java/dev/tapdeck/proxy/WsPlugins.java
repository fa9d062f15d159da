package dev.tapdeck.proxy;

import dev.tapdeck.proxy.plugin.MessagePlugin;
import dev.tapdeck.proxy.plugin.WsMessage;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Future;

import java.util.List;

/** Asks a route's {@link MessagePlugin}s about one WebSocket message, in order; the first refusal ends it. */
final class WsPlugins {
    /** RFC 6455 7.4.1: an endpoint received a message that violates its policy. */
    static final int POLICY_VIOLATION = 1008;

    private final List<MessagePlugin> plugins;
    private final PluginCalls calls;

    WsPlugins(List<MessagePlugin> plugins, PluginCalls calls) {
        this.plugins = List.copyOf(plugins);
        this.calls = calls;
    }

    boolean isEmpty() {
        return plugins.isEmpty();
    }

    Future<PluginDecision> decide(ClientSession session, WsMessage message) {
        return ask(session, message, 0);
    }

    private Future<PluginDecision> ask(ClientSession session, WsMessage m, int at) {
        if (at == plugins.size()) {
            return Future.succeededFuture(PluginDecision.NONE);
        }
        MessagePlugin p = plugins.get(at);
        String subject = "WebSocket " + (m.fromClient() ? "c2s" : "s2c") + " message " + m.index() + " "
                + m.type() + " " + m.size() + " B in " + m.frames().size() + " frame(s)";
        return calls.call(p.name(), () -> p.onMessage(m)).compose(d -> {
            Long code = d.passed() ? null : (long) POLICY_VIOLATION;
            session.emit(seq -> new TapEvent.PluginDecided(session.sessionId, seq, session.offset(), 0, d.plugin(),
                    subject, d.outcome(), code, d.reason(), d.waitedNanos()));
            return d.passed() ? ask(session, m, at + 1) : Future.succeededFuture(d);
        });
    }
}
