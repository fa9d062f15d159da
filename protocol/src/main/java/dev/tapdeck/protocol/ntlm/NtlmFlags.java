package dev.tapdeck.protocol.ntlm;

import java.util.ArrayList;
import java.util.List;

/** The NegotiateFlags bits that matter to Tapdeck ([MS-NLMP] 2.2.2.5), with their specification names. */
public final class NtlmFlags {
    public static final int NTLMSSP_NEGOTIATE_UNICODE = 0x00000001;
    public static final int NTLM_NEGOTIATE_OEM = 0x00000002;
    public static final int NTLMSSP_REQUEST_TARGET = 0x00000004;
    public static final int NTLMSSP_NEGOTIATE_SIGN = 0x00000010;
    public static final int NTLMSSP_NEGOTIATE_SEAL = 0x00000020;
    public static final int NTLMSSP_NEGOTIATE_LM_KEY = 0x00000080;
    public static final int NTLMSSP_NEGOTIATE_NTLM = 0x00000200;
    public static final int NTLMSSP_NEGOTIATE_ALWAYS_SIGN = 0x00008000;
    public static final int NTLMSSP_TARGET_TYPE_DOMAIN = 0x00010000;
    public static final int NTLMSSP_TARGET_TYPE_SERVER = 0x00020000;
    public static final int NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
    public static final int NTLMSSP_NEGOTIATE_TARGET_INFO = 0x00800000;
    public static final int NTLMSSP_NEGOTIATE_VERSION = 0x02000000;
    public static final int NTLMSSP_NEGOTIATE_128 = 0x20000000;
    public static final int NTLMSSP_NEGOTIATE_KEY_EXCH = 0x40000000;
    public static final int NTLMSSP_NEGOTIATE_56 = 0x80000000;

    private static final int[] BITS = {
        NTLMSSP_NEGOTIATE_UNICODE, NTLM_NEGOTIATE_OEM, NTLMSSP_REQUEST_TARGET, NTLMSSP_NEGOTIATE_SIGN,
        NTLMSSP_NEGOTIATE_SEAL, NTLMSSP_NEGOTIATE_LM_KEY, NTLMSSP_NEGOTIATE_NTLM, NTLMSSP_NEGOTIATE_ALWAYS_SIGN,
        NTLMSSP_TARGET_TYPE_DOMAIN, NTLMSSP_TARGET_TYPE_SERVER, NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY,
        NTLMSSP_NEGOTIATE_TARGET_INFO, NTLMSSP_NEGOTIATE_VERSION, NTLMSSP_NEGOTIATE_128, NTLMSSP_NEGOTIATE_KEY_EXCH,
        NTLMSSP_NEGOTIATE_56};
    private static final String[] NAMES = {
        "UNICODE", "OEM", "REQUEST_TARGET", "SIGN", "SEAL", "LM_KEY", "NTLM", "ALWAYS_SIGN", "TARGET_TYPE_DOMAIN",
        "TARGET_TYPE_SERVER", "EXTENDED_SESSIONSECURITY", "TARGET_INFO", "VERSION", "128", "KEY_EXCH", "56"};

    private NtlmFlags() {
    }

    public static boolean has(int flags, int bit) {
        return (flags & bit) == bit;
    }

    /** The set bits by name, for notices and the dashboard ("0xE28A8236 KEY_EXCH|SEAL|..."). */
    public static String describe(int flags) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < BITS.length; i++) {
            if (has(flags, BITS[i])) {
                names.add(NAMES[i]);
            }
        }
        return String.format("0x%08X %s", flags, String.join("|", names));
    }
}
