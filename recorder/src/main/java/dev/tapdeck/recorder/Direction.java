package dev.tapdeck.recorder;

/** Which way bytes crossed the proxy. */
public enum Direction {
    CLIENT_TO_SERVER("c2s"),
    SERVER_TO_CLIENT("s2c");

    private final String code;

    Direction(String code) {
        this.code = code;
    }

    /** The short form used in recordings. */
    public String code() {
        return code;
    }

    public static Direction ofCode(String code) {
        for (Direction d : values()) {
            if (d.code.equals(code)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction " + code);
    }
}
