package dev.tapdeck.protocol.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which rules are only reported and which are enforced (design principle 1: blocking is a policy
 * decision taken before forwarding, never a side effect of decoding).
 *
 * @param mode     {@link Mode#OBSERVE} forwards everything; {@link Mode#ENFORCE} blocks on enforced rules
 * @param enforced ids of the rules that block in enforce mode; empty means "every rule of severity
 *                 {@link Severity#VIOLATION}"
 */
public record Policy(Mode mode, Set<String> enforced) {
    public enum Mode {
        OBSERVE, ENFORCE;

        public static Mode parse(String text) {
            return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static final Policy OBSERVE = new Policy(Mode.OBSERVE, Set.of());
    public static final Policy ENFORCE = new Policy(Mode.ENFORCE, Set.of());

    public Policy {
        enforced = Set.copyOf(enforced);
    }

    /** True when this occurrence must stop the message it was found in. */
    public boolean blocks(Violation v) {
        if (mode != Mode.ENFORCE) {
            return false;
        }
        if (enforced.isEmpty()) {
            return v.severity() == Severity.VIOLATION;
        }
        return enforced.contains(v.rule().id());
    }

    /** The first occurrence that blocks, if any. */
    public Optional<Violation> firstBlocking(List<Violation> violations) {
        return violations.stream().filter(this::blocks).findFirst();
    }
}
