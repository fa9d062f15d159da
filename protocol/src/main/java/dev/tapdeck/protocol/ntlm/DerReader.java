package dev.tapdeck.protocol.ntlm;

/**
 * The smallest DER reader SPNEGO needs (X.690 8.1): single-byte tags, definite lengths of at most 4 octets,
 * every element bounded by its parent. No recursion: callers walk a fixed structure, so depth is bounded by code.
 */
final class DerReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    /** One element: its tag and where its contents lie in the buffer. */
    record Tlv(int tag, int start, int length) {
        int end() {
            return start + length;
        }
    }

    DerReader(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    DerReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    DerReader inside(Tlv tlv) {
        return new DerReader(buf, tlv.start(), tlv.end());
    }

    boolean hasMore() {
        return pos < end;
    }

    Tlv read() throws DerException {
        if (pos >= end) {
            throw new DerException("element expected at offset " + pos + " but the enclosing element ended");
        }
        int tag = buf[pos++] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            // X.690 8.1.2.4: multi-byte tags never occur in SPNEGO
            throw new DerException("multi-byte tag at offset " + (pos - 1));
        }
        if (pos >= end) {
            throw new DerException("length missing at offset " + pos);
        }
        int first = buf[pos++] & 0xff;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7f;
            if (octets == 0 || octets > 4) {
                // X.690 10.1: DER forbids the indefinite form; more than 4 octets cannot fit a token
                throw new DerException("unsupported length form 0x" + Integer.toHexString(first) + " at offset " + (pos - 1));
            }
            if (pos + octets > end) {
                throw new DerException("length octets run past the element at offset " + pos);
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = length << 8 | (buf[pos++] & 0xff);
            }
        }
        if (length > end - pos) {
            throw new DerException("element of " + length + " bytes at offset " + pos + " runs past its parent ("
                + (end - pos) + " bytes left)");
        }
        Tlv tlv = new Tlv(tag, pos, (int) length);
        pos += (int) length;
        return tlv;
    }

    /** Reads the next element and checks its tag. */
    Tlv expect(int tag, String what) throws DerException {
        Tlv tlv = read();
        if (tlv.tag() != tag) {
            throw new DerException(what + ": expected tag 0x" + Integer.toHexString(tag) + ", found 0x"
                + Integer.toHexString(tlv.tag()));
        }
        return tlv;
    }

    byte[] bytes(Tlv tlv) {
        return java.util.Arrays.copyOfRange(buf, tlv.start(), tlv.end());
    }

    /** Dotted form of an OBJECT IDENTIFIER's contents (X.690 8.19). */
    String oid(Tlv tlv) throws DerException {
        if (tlv.length() == 0 || tlv.length() > 64) {
            throw new DerException("OBJECT IDENTIFIER of " + tlv.length() + " bytes (limit 64)");
        }
        StringBuilder out = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (int i = tlv.start(); i < tlv.end(); i++) {
            int b = buf[i] & 0xff;
            value = value << 7 | (b & 0x7f);
            if (value > Integer.MAX_VALUE) {
                throw new DerException("OBJECT IDENTIFIER arc too large");
            }
            if ((b & 0x80) == 0) {
                if (first) {
                    long a = Math.min(value / 40, 2);
                    out.append(a).append('.').append(value - a * 40);
                    first = false;
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
        }
        if ((buf[tlv.end() - 1] & 0x80) != 0) {
            throw new DerException("OBJECT IDENTIFIER ends inside an arc");
        }
        return out.toString();
    }

    /** Checked: malformed DER is an expected outcome, reported by the caller as a problem. */
    static final class DerException extends Exception {
        DerException(String message) {
            super(message, null, false, false);
        }
    }
}
