package dev.tapdeck.protocol.ntlm;

import java.util.ArrayList;
import java.util.List;

/**
 * Unwraps SPNEGO ([RFC 4178] 4.2; [MS-SPNG] 2.2) to reach the inner mechanism token: the mechToken of a
 * NegTokenInit (inside the [RFC 2743] 3.1 InitialContextToken {@code 60 ...}) or the responseToken of a
 * NegTokenResp ({@code a1 ...}).
 */
public final class SpnegoToken {
    public static final String SPNEGO_OID = "1.3.6.1.5.5.2";
    public static final String NTLMSSP_OID = "1.3.6.1.4.1.311.2.2.10";
    public static final String KERBEROS_OID = "1.2.840.113554.1.2.2";
    /** Microsoft's historical (wrongly encoded) Kerberos OID, offered first by Windows ([MS-SPNG] 3.3.5.1.1). */
    public static final String MS_KERBEROS_OID = "1.2.840.48018.1.2.2";

    private SpnegoToken() {
    }

    /**
     * The unwrapped token.
     *
     * @param mechanisms mechTypes of a NegTokenInit, or the supportedMech of a NegTokenResp (empty when absent)
     * @param innerToken mechToken / responseToken, or null when the SPNEGO token carries none
     */
    public record Unwrapped(List<String> mechanisms, byte[] innerToken) {
        public Unwrapped {
            mechanisms = List.copyOf(mechanisms);
        }
    }

    /** True for the first byte of an InitialContextToken or a NegTokenResp. */
    public static boolean looksLikeSpnego(byte[] token) {
        return token.length > 0 && ((token[0] & 0xff) == 0x60 || (token[0] & 0xff) == 0xa1);
    }

    /** Unwraps, or explains in the exception why the token is not well-formed SPNEGO. */
    static Unwrapped unwrap(byte[] token) throws DerReader.DerException {
        DerReader top = new DerReader(token);
        DerReader.Tlv outer = top.read();
        if (outer.tag() == 0x60) {
            // [RFC 2743] 3.1: [APPLICATION 0] { thisMech OID, innerContextToken }
            DerReader app = top.inside(outer);
            String mech = app.oid(app.expect(0x06, "InitialContextToken thisMech"));
            if (!SPNEGO_OID.equals(mech)) {
                // a bare Kerberos AP-REQ under "Negotiate" also starts with 60: report its mechanism
                return new Unwrapped(List.of(mech), null);
            }
            DerReader.Tlv init = app.expect(0xa0, "NegotiationToken negTokenInit");
            return negTokenInit(app.inside(init));
        }
        if (outer.tag() == 0xa1) {
            return negTokenResp(top.inside(outer));
        }
        throw new DerReader.DerException("not SPNEGO: first tag 0x" + Integer.toHexString(outer.tag()));
    }

    // [RFC 4178] 4.2.1: NegTokenInit ::= SEQUENCE { mechTypes [0], reqFlags [1], mechToken [2], mechListMIC [3] }
    private static Unwrapped negTokenInit(DerReader r) throws DerReader.DerException {
        DerReader seq = r.inside(r.expect(0x30, "NegTokenInit"));
        List<String> mechs = new ArrayList<>();
        byte[] inner = null;
        while (seq.hasMore()) {
            DerReader.Tlv field = seq.read();
            DerReader in = seq.inside(field);
            if (field.tag() == 0xa0) {
                DerReader list = in.inside(in.expect(0x30, "MechTypeList"));
                while (list.hasMore() && mechs.size() < 16) {
                    mechs.add(list.oid(list.expect(0x06, "MechType")));
                }
            } else if (field.tag() == 0xa2) {
                inner = in.bytes(in.expect(0x04, "mechToken"));
            }
        }
        return new Unwrapped(mechs, inner);
    }

    // [RFC 4178] 4.2.2: NegTokenResp ::= SEQUENCE { negState [0], supportedMech [1], responseToken [2], mechListMIC [3] }
    private static Unwrapped negTokenResp(DerReader r) throws DerReader.DerException {
        DerReader seq = r.inside(r.expect(0x30, "NegTokenResp"));
        List<String> mechs = new ArrayList<>();
        byte[] inner = null;
        while (seq.hasMore()) {
            DerReader.Tlv field = seq.read();
            DerReader in = seq.inside(field);
            if (field.tag() == 0xa1) {
                mechs.add(in.oid(in.expect(0x06, "supportedMech")));
            } else if (field.tag() == 0xa2) {
                inner = in.bytes(in.expect(0x04, "responseToken"));
            }
        }
        return new Unwrapped(mechs, inner);
    }
}
