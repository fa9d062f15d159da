package dev.tapdeck.protocol.clixml;

/**
 * A {@code <Ref>} to an object that encloses it (a cycle, e.g. a hashtable containing itself). Immutable
 * values cannot hold cycles, so the reference stays unresolved; every other {@code <Ref>} is resolved
 * ([MS-PSRP] 2.2.5.2.1.2).
 *
 * @param refId the RefId of the enclosing {@code <Obj>}
 */
public record PsCycleRef(String refId) implements PsValue {
}
