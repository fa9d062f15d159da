package dev.tapdeck.protocol.ntlm;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The account whose NTLM-sealed traffic a route may decrypt: user, domain, and the NT hash (MD4 of the
 * UTF-16LE password, [MS-NLMP] 3.3.1 NTOWFv1). The password itself is not kept. {@link #toString()} never
 * shows the hash.
 */
public final class NtlmCredentials {
    private final String user;
    private final String domain;
    private final byte[] ntHash;

    private NtlmCredentials(String user, String domain, byte[] ntHash) {
        this.user = user;
        this.domain = domain == null ? "" : domain;
        this.ntHash = ntHash.clone();
    }

    /** From a password; the caller may wipe {@code password} afterwards. */
    public static NtlmCredentials ofPassword(String user, String domain, char[] password) {
        var encoded = StandardCharsets.UTF_16LE.encode(CharBuffer.wrap(password));
        byte[] utf16 = Arrays.copyOf(encoded.array(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        byte[] hash = NtlmCrypto.md4(utf16);
        Arrays.fill(utf16, (byte) 0);
        return new NtlmCredentials(user, domain, hash);
    }

    /** From an NT hash given as 32 hex digits (as {@code secretsdump} or {@code mimikatz} print it). */
    public static NtlmCredentials ofNtHash(String user, String domain, String hex) {
        byte[] hash;
        try {
            hash = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("NT hash must be 32 hex digits");
        }
        if (hash.length != 16) {
            throw new IllegalArgumentException("NT hash must be 32 hex digits, got " + hash.length * 2);
        }
        return new NtlmCredentials(user, domain, hash);
    }

    public String user() {
        return user;
    }

    public String domain() {
        return domain;
    }

    byte[] ntHash() {
        return ntHash.clone();
    }

    /**
     * Whether these credentials are for the account that authenticated: user names compare case-insensitively
     * (NTOWFv2 upper-cases the user, [MS-NLMP] 3.3.2); an empty configured domain matches any domain, since
     * the key uses the domain the client sent.
     */
    public boolean matches(NtlmMessage.Authenticate a) {
        return user.equalsIgnoreCase(a.userName()) && (domain.isEmpty() || domain.equalsIgnoreCase(a.domainName()));
    }

    public String account() {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    @Override
    public String toString() {
        return "NtlmCredentials[" + account().toLowerCase(Locale.ROOT) + ", hash=***]";
    }
}
