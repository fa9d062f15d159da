package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.rules.Violation;
import java.util.List;

/**
 * What {@link FragmentDecoder} found in one payload: the complete fragments in order, the rules they broke,
 * and how many trailing bytes could not form a fragment (a truncated header or blob).
 */
public record FragmentsDecoded(List<Fragment> fragments, List<Violation> violations, int undecodedBytes) {
    public FragmentsDecoded {
        fragments = List.copyOf(fragments);
        violations = List.copyOf(violations);
    }
}
