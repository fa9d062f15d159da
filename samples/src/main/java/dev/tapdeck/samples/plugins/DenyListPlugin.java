package dev.tapdeck.samples.plugins;

import dev.tapdeck.protocol.session.PsrpMessageDecoded;
import dev.tapdeck.proxy.plugin.CommandRequest;
import dev.tapdeck.proxy.plugin.PluginContext;
import dev.tapdeck.proxy.plugin.PluginVeto;
import dev.tapdeck.proxy.plugin.SendObject;
import dev.tapdeck.proxy.plugin.SendPlugin;
import io.vertx.core.json.JsonArray;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Refuses commands and input that match configured patterns (Java regular expressions, case-insensitive):
 * a WinRS command line with its arguments, WinRS stdin, and for PowerShell shells the pipeline text of each
 * CREATE_PIPELINE and the text of each PIPELINE_INPUT object (the summaries the protocol module decodes).
 * Stdin is matched together with the end of the command's earlier input, so a word split over two Sends
 * is still seen.
 * <pre>{"name": "deny-list", "settings": {"patterns": ["Remove-Item\\s.*-Recurse", "\\bformat\\b"],
 *  "code": 5, "message": "denied by the deny-list: {pattern}"}}</pre>
 */
public final class DenyListPlugin implements SendPlugin {
    /** Characters of a command's earlier stdin kept to match across Sends. */
    static final int CARRY = 256;
    /** Commands whose stdin tail is kept (oldest forgotten first). */
    static final int MAX_COMMANDS = 4096;

    private final List<Pattern> patterns = new ArrayList<>();
    private long code = PluginVeto.ACCESS_DENIED;
    private String message = "denied by the Tapdeck deny-list: matches {pattern}";
    private final Map<String, String> tails = new Lru<>(MAX_COMMANDS);

    @Override
    public String name() {
        return "deny-list";
    }

    @Override
    public void start(PluginContext context) {
        JsonArray list = context.settings().getJsonArray("patterns", new JsonArray());
        if (list.isEmpty()) {
            throw new IllegalArgumentException("deny-list: settings.patterns lists no pattern");
        }
        for (Object p : list) {
            try {
                patterns.add(Pattern.compile(String.valueOf(p), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("deny-list: settings.patterns has a bad pattern: " + e.getMessage(), e);
            }
        }
        code = context.settings().getLong("code", code);
        message = context.settings().getString("message", message);
    }

    @Override
    public CompletionStage<Void> onCommand(CommandRequest command) {
        List<String> texts = new ArrayList<>();
        if (!command.request().powerShell()) {
            texts.add(String.join(" ", concat(command.command(), command.arguments())));
        }
        command.psrpMessages().stream().map(PsrpMessageDecoded::summary).filter(s -> s != null).forEach(texts::add);
        return verdict(texts);
    }

    @Override
    public CompletionStage<Void> onSend(SendObject object) {
        List<String> texts = new ArrayList<>();
        object.psrpMessages().stream().map(PsrpMessageDecoded::summary).filter(s -> s != null).forEach(texts::add);
        if (!object.request().powerShell()) {
            String key = object.request().shellId() + "/" + object.request().commandId() + "/" + object.stream();
            String text = new String(object.data(), StandardCharsets.UTF_8);
            synchronized (tails) {
                String joined = tails.getOrDefault(key, "") + text;
                texts.add(joined);
                if (object.noMoreData()) {
                    tails.remove(key);
                } else {
                    tails.put(key, joined.length() <= CARRY ? joined : joined.substring(joined.length() - CARRY));
                }
            }
        }
        return verdict(texts);
    }

    private CompletionStage<Void> verdict(List<String> texts) {
        for (String t : texts) {
            for (Pattern p : patterns) {
                if (p.matcher(t).find()) {
                    return CompletableFuture.failedFuture(new PluginVeto(code, message.replace("{pattern}", p.pattern())));
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        if (first != null) {
            out.add(first);
        }
        out.addAll(rest);
        return out;
    }
}
