package dev.tapdeck.protocol.clixml;

/**
 * One deserialized CLIXML value ([MS-PSRP] 2.2.5): a primitive (2.2.5.1), the Null Value, an opaque
 * SecureString, a Complex Object (2.2.5.2) with its known-container content, or a progress record.
 * Decoded values are immutable; {@code <Ref>} elements resolve to the very {@link PsObject} they name.
 */
public sealed interface PsValue
        permits PsPrimitive, PsNil, PsSecureString, PsObject, PsCollection, PsDictionary, PsProgressRecord, PsCycleRef {
}
