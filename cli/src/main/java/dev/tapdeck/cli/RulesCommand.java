package dev.tapdeck.cli;

import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.rules.WsmanRule;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Locale;

/** Prints the rule catalogue: id, severity, spec section, description. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "List every rule Tapdeck checks, with its severity and specification section.")
final class RulesCommand implements Runnable {

    static List<Rule> catalogue() {
        return List.of(WsmanRule.values());
    }

    @Override
    public void run() {
        for (Rule r : catalogue()) {
            System.out.printf(Locale.ROOT, "%-38s %-9s %-32s %s%n", r.id(), r.severity(), r.section(), r.description());
        }
    }
}
