package dev.tapdeck.protocol.psrp;

/** The Destination field of a PSRP message ([MS-PSRP] 2.2.1). */
public enum Destination {
    /** 0x00000001: the message is targeted to a client. */
    CLIENT(1),
    /** 0x00000002: the message is targeted to a server. */
    SERVER(2);

    private final int value;

    Destination(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The constant for a wire value, or null when it is neither 1 nor 2. */
    public static Destination fromValue(int value) {
        for (Destination d : values()) {
            if (d.value == value) {
                return d;
            }
        }
        return null;
    }
}
