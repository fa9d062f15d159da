package dev.tapdeck.cli;

import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.ws.WsRule;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Locale;

/** Prints the rule catalogue: id, severity, spec section, description. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "List every rule Tapdeck checks, with its severity and specification section.")
final class RulesCommand implements Runnable {

    static List<Rule> catalogue() {
        List<Rule> all = new java.util.ArrayList<>(List.of(WsmanRule.values()));
        all.addAll(List.of(PsrpRule.values()));
        all.addAll(List.of(WsRule.values()));
        all.addAll(List.of(dev.tapdeck.protocol.ntlm.NtlmRule.values()));
        return all;
    }

    @Override
    public void run() {
        for (Rule r : catalogue()) {
            System.out.printf(Locale.ROOT, "%-47s %-9s %-40s %s%n", r.id(), r.severity(), r.section(), r.description());
        }
    }
}
