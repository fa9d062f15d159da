package dev.tapdeck.samples.plugins;

import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.session.PsrpCarrier;
import dev.tapdeck.protocol.session.PsrpMessageDecoded;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.plugin.CommandRequest;
import dev.tapdeck.proxy.plugin.PluginCatalog;
import dev.tapdeck.proxy.plugin.PluginContext;
import dev.tapdeck.proxy.plugin.PluginSpec;
import dev.tapdeck.proxy.plugin.PluginVeto;
import dev.tapdeck.proxy.plugin.SendFlag;
import dev.tapdeck.proxy.plugin.SendObject;
import dev.tapdeck.proxy.plugin.SendRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deny-list and size-limit examples on their own, and the example configuration. */
class SamplePluginsTest {
    private static final String CMD = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";
    private static final String PS = "http://schemas.microsoft.com/powershell/Microsoft.PowerShell";

    private static SendRequest request(String resourceUri, String commandId) {
        return new SendRequest(resourceUri, Map.of(), "en-US", "SHELL", commandId, "uuid:1", "127.0.0.1:1", "user");
    }

    private static SendObject stdin(String text, boolean end) {
        return new SendObject(request(CMD, "CMD"), "stdin", end ? Set.of(SendFlag.NO_MORE_DATA) : Set.of(),
                text.getBytes(StandardCharsets.UTF_8), List.of(), 0, 1);
    }

    /** The veto a stage completed with, null when it passed. */
    private static PluginVeto veto(CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().join();
            return null;
        } catch (CompletionException e) {
            return assertInstanceOf(PluginVeto.class, e.getCause());
        }
    }

    private static DenyListPlugin denyList() {
        DenyListPlugin p = new DenyListPlugin();
        p.start(new PluginContext(null, new JsonObject().put("patterns",
                new JsonArray().add("Remove-Item\\s.*-Recurse").add("\\bformat\\b"))));
        return p;
    }

    @Test
    void theDenyListMatchesCommandsStdinSplitOverSendsAndPowerShellPipelines() {
        DenyListPlugin p = denyList();
        assertNull(veto(p.onSend(stdin("dir\r\n", false))));
        assertNull(veto(p.onSend(stdin("for", false))));
        PluginVeto split = veto(p.onSend(stdin("mat c:\r\n", true)));
        assertEquals("denied by the Tapdeck deny-list: matches \\bformat\\b", split.getMessage());
        assertEquals(PluginVeto.ACCESS_DENIED, split.code());
        assertNull(veto(p.onSend(stdin("information\r\n", true))), "whole words only, and the carry ended with End");

        assertTrue(veto(p.onCommand(new CommandRequest(request(CMD, null), "FORMAT", List.of("d:", "/q"), List.of()))) != null);
        PsrpMessageDecoded pipeline = new PsrpMessageDecoded(PsrpCarrier.ARGUMENTS, null, null,
                PsrpMessageType.CREATE_PIPELINE.name(), 2, "RPID", "PID", 1, 1, 900, "Remove-Item -Path C:\\data -Recurse");
        assertTrue(veto(p.onCommand(new CommandRequest(request(PS, null), "", List.of("AAAA"), List.of(pipeline)))) != null,
                "the decoded CREATE_PIPELINE text of a PowerShell Command");
        assertThrows(IllegalArgumentException.class, () -> new DenyListPlugin().start(new PluginContext(null, new JsonObject())));
    }

    @Test
    void theSizeLimitRefusesBigObjectsAndTooMuchInputPerCommand() {
        SizeLimitPlugin p = new SizeLimitPlugin();
        p.start(new PluginContext(null, new JsonObject().put("maxObjectBytes", 10).put("maxTotalBytes", 15)));
        assertNull(veto(p.onSend(stdin("0123456789", false))));
        PluginVeto total = veto(p.onSend(stdin("0123456789", false)));
        assertEquals(SizeLimitPlugin.ENCODING_LIMIT, total.code());
        assertTrue(total.getMessage().contains("input of 20 bytes to command CMD is over maxTotalBytes 15"), total.getMessage());
        assertTrue(veto(p.onSend(stdin("01234567890", true))).getMessage().contains("over maxObjectBytes 10"));
    }

    @Test
    void theExampleConfigurationNamesPluginsTheServiceLoaderFinds() throws Exception {
        ProxyConfig config = ProxyConfig.load(Path.of("config/plugins.json"));
        assertTrue(config.interception().serializeSends());
        List<PluginSpec> global = config.interception().plugins();
        assertEquals(List.of("deny-list", "webhook"), global.stream().map(PluginSpec::name).toList());
        assertEquals("\\bformat\\b", global.get(0).settings().getJsonArray("patterns").getString(1));
        PluginCatalog catalog = PluginCatalog.serviceLoader();
        assertInstanceOf(DenyListPlugin.class, catalog.create("deny-list"));
        assertInstanceOf(WebhookPlugin.class, catalog.create("webhook"));
        assertEquals("size-limit", config.listeners().get(0).routes().get(0).plugins().get(0).name());
        assertInstanceOf(SizeLimitPlugin.class, catalog.create("size-limit"));
    }
}
