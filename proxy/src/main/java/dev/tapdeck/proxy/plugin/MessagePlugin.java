package dev.tapdeck.proxy.plugin;

import java.util.concurrent.CompletionStage;

/**
 * Sees each WebSocket data message, in either direction, before its frames go on: the proxy holds the
 * message's bytes (and what follows it in that direction) until the stage completes. Complete normally to
 * forward; complete with a {@link PluginVeto} to close both sides with 1008 and its message as the reason
 * (RFC 6455 7.4.1). Time limit and failures as for {@link SendPlugin}.
 */
public interface MessagePlugin extends TapdeckPlugin {
    CompletionStage<Void> onMessage(WsMessage message);
}
