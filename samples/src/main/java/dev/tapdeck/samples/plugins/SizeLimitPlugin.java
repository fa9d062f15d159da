package dev.tapdeck.samples.plugins;

import dev.tapdeck.proxy.plugin.MessagePlugin;
import dev.tapdeck.proxy.plugin.PluginContext;
import dev.tapdeck.proxy.plugin.PluginVeto;
import dev.tapdeck.proxy.plugin.SendObject;
import dev.tapdeck.proxy.plugin.SendPlugin;
import dev.tapdeck.proxy.plugin.WsMessage;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Refuses input over configured sizes: one Send object, all the input of one command (or RunspacePool) so
 * far, and one WebSocket message. The WS-Man fault carries 2150858817 (the WS-Man EncodingLimit code).
 * <pre>{"name": "size-limit", "settings": {"maxObjectBytes": 65536, "maxTotalBytes": 1048576, "maxMessageBytes": 65536}}</pre>
 */
public final class SizeLimitPlugin implements SendPlugin, MessagePlugin {
    /** [MS-WSMV] 2.2.4.43: the code of w:EncodingLimit. */
    static final long ENCODING_LIMIT = 2150858817L;
    static final int MAX_TARGETS = 4096;

    private long maxObjectBytes = Long.MAX_VALUE;
    private long maxTotalBytes = Long.MAX_VALUE;
    private long maxMessageBytes = Long.MAX_VALUE;
    private final Map<String, Long> totals = new Lru<>(MAX_TARGETS);

    @Override
    public String name() {
        return "size-limit";
    }

    @Override
    public void start(PluginContext context) {
        maxObjectBytes = context.settings().getLong("maxObjectBytes", maxObjectBytes);
        maxTotalBytes = context.settings().getLong("maxTotalBytes", maxTotalBytes);
        maxMessageBytes = context.settings().getLong("maxMessageBytes", maxMessageBytes);
    }

    @Override
    public CompletionStage<Void> onSend(SendObject object) {
        long size = object.data().length;
        if (size > maxObjectBytes) {
            return refuse("a Send object of " + size + " bytes is over maxObjectBytes " + maxObjectBytes);
        }
        String key = object.request().shellId() + "/" + object.request().commandId();
        long total;
        synchronized (totals) {
            total = totals.merge(key, size, Long::sum);
            if (object.noMoreData()) {
                totals.remove(key);
            }
        }
        if (total > maxTotalBytes) {
            return refuse("input of " + total + " bytes to " + (object.request().commandId() == null ? "the shell"
                    : "command " + object.request().commandId()) + " is over maxTotalBytes " + maxTotalBytes);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> onMessage(WsMessage message) {
        return message.size() > maxMessageBytes
                ? refuse("a message of " + message.size() + " bytes is over maxMessageBytes " + maxMessageBytes)
                : CompletableFuture.completedFuture(null);
    }

    private static CompletionStage<Void> refuse(String why) {
        return CompletableFuture.failedFuture(new PluginVeto(ENCODING_LIMIT, "Tapdeck size-limit: " + why));
    }
}
