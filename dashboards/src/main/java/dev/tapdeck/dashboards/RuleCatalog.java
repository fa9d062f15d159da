package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.ws.WsRule;
import dev.tapdeck.recorder.RecordingFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Every rule the tap checks, for the pages to explain an occurrence: id, specification section, severity, text. */
final class RuleCatalog {
    private RuleCatalog() {
    }

    static List<Rule> all() {
        List<Rule> rules = new ArrayList<>();
        rules.addAll(Arrays.asList(WsmanRule.values()));
        rules.addAll(Arrays.asList(PsrpRule.values()));
        rules.addAll(Arrays.asList(WsRule.values()));
        return rules;
    }

    static ArrayNode json() {
        ArrayNode a = RecordingFormat.mapper().createArrayNode();
        for (Rule r : all()) {
            a.addObject().put("id", r.id()).put("section", r.section()).put("severity", r.severity().name())
                    .put("description", r.description());
        }
        return a;
    }
}
