package dev.tapdeck.protocol.ntlm;

import java.util.HexFormat;

/** The [MS-NLMP] 4.2.4 NTLMv2 example (protocol-notes D.4): messages and expected values, as hex. */
final class Nlmp424 {
    static final String USER = "User";
    static final String DOMAIN = "Domain";
    static final String PASSWORD = "Password";
    static final int FLAGS = 0xE28A8233;

    // [MS-NLMP] 4.2.4.3
    static final byte[] CHALLENGE = hex(
        "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
        + "00000000000000002400240044000000060070170000000f53006500720076"
        + "00650072000200" + "0c0044006f006d00610069006e0001000c00530065007200760065007200"
        + "00000000");
    static final byte[] AUTHENTICATE = hex(
        "4e544c4d535350000300000018001800"
        + "6c00000054005400840000000c000c00"
        + "48000000080008005400000010001000"
        + "5c00000010001000d8000000358288e2"
        + "0501280a0000000f44006f006d006100"
        + "69006e00550073006500720043004f00"
        + "4d005000550054004500520086c35097"
        + "ac9cec102554764a57cccc19aaaaaaaa"
        + "aaaaaaaa68cd0ab851e51c96aabc927b"
        + "ebef6a1c010100000000000000000000"
        + "00000000aaaaaaaaaaaaaaaa00000000"
        + "02000c0044006f006d00610069006e00"
        + "01000c00530065007200760065007200"
        + "0000000000000000c5dad2544fc97990"
        + "94ce1ce90bc9d03e");

    static final byte[] NTOWF_V1 = hex("a4f49c406510bdcab6824ee7c30fd852");
    static final byte[] NTOWF_V2 = hex("0c868a403bfd7a93a3001ef22ef02e3f");
    static final byte[] SESSION_BASE_KEY = hex("8de40ccadbc14a82f15cb0ad0de95ca3");
    static final byte[] NT_PROOF_STR = hex("68cd0ab851e51c96aabc927bebef6a1c");
    static final byte[] RANDOM_SESSION_KEY = hex("55555555555555555555555555555555");
    static final byte[] ENCRYPTED_RANDOM_SESSION_KEY = hex("c5dad2544fc9799094ce1ce90bc9d03e");
    static final byte[] SEAL_KEY_C2S = hex("59f600973cc4960a25480a7c196e4c58");
    static final byte[] SEAL_KEY_S2C = hex("9355f3a957c1583d25c4c2f11e40390e");
    static final byte[] SIGN_KEY_C2S = hex("4788dc861b4782f35d43fd98fe1a2d39");
    static final byte[] SIGN_KEY_S2C = hex("d04d6f10741041d1d246d64188d7a8ad");
    // [MS-NLMP] 4.2.4.4
    static final byte[] PLAINTEXT = hex("50006c00610069006e007400650078007400");
    static final byte[] SEALED = hex("54e50165bf1936dc996020c1811b0f06fb5f");
    static final byte[] SIGNATURE = hex("010000007fb38ec5c55d497600000000");

    private Nlmp424() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
