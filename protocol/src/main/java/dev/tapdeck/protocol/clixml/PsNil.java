package dev.tapdeck.protocol.clixml;

/** The Null Value {@code <Nil/>} ([MS-PSRP] 2.2.5.1.20). */
public record PsNil() implements PsValue {
    public static final PsNil INSTANCE = new PsNil();

    @Override
    public String toString() {
        return "$null";
    }
}
