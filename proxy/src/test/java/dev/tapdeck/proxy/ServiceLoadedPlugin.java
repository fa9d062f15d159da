package dev.tapdeck.proxy;

import dev.tapdeck.proxy.plugin.PluginContext;
import dev.tapdeck.proxy.plugin.PluginVeto;
import dev.tapdeck.proxy.plugin.SendObject;
import dev.tapdeck.proxy.plugin.SendPlugin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Listed in META-INF/services: refuses every Send with the code and message of its settings. */
public final class ServiceLoadedPlugin implements SendPlugin {
    private long code;
    private String message;

    @Override
    public String name() {
        return "test-refuse-all";
    }

    @Override
    public void start(PluginContext context) {
        code = context.settings().getLong("code", 5L);
        message = context.settings().getString("message", "refused");
    }

    @Override
    public CompletionStage<Void> onSend(SendObject object) {
        return CompletableFuture.failedFuture(new PluginVeto(code, message));
    }
}
