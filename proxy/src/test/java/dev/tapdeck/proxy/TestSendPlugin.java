package dev.tapdeck.proxy;

import dev.tapdeck.proxy.plugin.SendObject;
import dev.tapdeck.proxy.plugin.SendPlugin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A Send plug-in whose answer the test scripts; it remembers every object it was shown, in order. */
final class TestSendPlugin implements SendPlugin {
    /** What one call saw. */
    record Seen(String commandId, String text, boolean noMoreData, int index, int count, String thread) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final String name;
    private final Function<SendObject, CompletionStage<Void>> answer;

    TestSendPlugin(String name, Function<SendObject, CompletionStage<Void>> answer) {
        this.name = name;
        this.answer = answer;
    }

    static TestSendPlugin passing() {
        return new TestSendPlugin("pass", o -> CompletableFuture.completedFuture(null));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Void> onSend(SendObject object) {
        seen.add(new Seen(object.request().commandId(), new String(object.data(), StandardCharsets.UTF_8),
                object.noMoreData(), object.index(), object.count(), Thread.currentThread().getName()));
        return answer.apply(object);
    }

    List<String> texts(String commandId) {
        return seen.stream().filter(s -> commandId.equals(s.commandId())).map(Seen::text).toList();
    }
}
