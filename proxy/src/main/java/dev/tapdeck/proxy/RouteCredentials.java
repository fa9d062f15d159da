package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ntlm.NtlmCredentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Where a route's NTLM credentials come from: an environment variable or a file, never the command line
 * (it shows in {@code ps} and shell history). The content is either one line {@code [DOMAIN\]user:password}
 * or {@code key=value} lines {@code user}, {@code domain}, and {@code password} or {@code nthash} (32 hex digits).
 * Errors name the source and the missing key, never a value. The password is hashed on load and not kept.
 *
 * @param env  the environment variable to read, or null
 * @param file the file to read, or null
 */
public record RouteCredentials(String env, Path file) {
    public RouteCredentials {
        if ((env == null) == (file == null)) {
            throw new IllegalArgumentException("credentials come from exactly one of an environment variable or a file");
        }
    }

    public static RouteCredentials ofEnv(String name) {
        return new RouteCredentials(name, null);
    }

    public static RouteCredentials ofFile(Path file) {
        return new RouteCredentials(null, file);
    }

    /** Reads and hashes the credentials; {@code environment} is {@link System#getenv()} outside tests. */
    public NtlmCredentials load(Map<String, String> environment) throws IOException {
        String where = env != null ? "environment variable " + env : "credentials file " + file;
        String content;
        if (env != null) {
            content = environment.get(env);
            if (content == null || content.isBlank()) {
                throw new IOException(where + " is not set");
            }
        } else {
            content = Files.readString(file, StandardCharsets.UTF_8);
        }
        return parse(content, where);
    }

    static NtlmCredentials parse(String content, String where) throws IOException {
        String text = content.strip();
        if (!text.contains("\n") && !text.toLowerCase(Locale.ROOT).startsWith("user=")) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IOException(where + ": expected [DOMAIN\\]user:password or key=value lines");
            }
            String[] account = account(text.substring(0, colon), "");
            char[] password = text.substring(colon + 1).toCharArray();
            try {
                return NtlmCredentials.ofPassword(account[1], account[0], password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        String user = null;
        String domain = "";
        String password = null;
        String ntHash = null;
        for (String line : text.split("\\R")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq < 0) {
                continue;
            }
            String key = l.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = l.substring(eq + 1).strip();
            switch (key) {
                case "user" -> user = value;
                case "domain" -> domain = value;
                case "password" -> password = value;
                case "nthash" -> ntHash = value;
                default -> throw new IOException(where + ": unknown key '" + key + "' (user, domain, password, nthash)");
            }
        }
        if (user == null || user.isEmpty()) {
            throw new IOException(where + ": 'user' is missing");
        }
        String[] account = account(user, domain);
        if (ntHash != null) {
            try {
                return NtlmCredentials.ofNtHash(account[1], account[0], ntHash);
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage());
            }
        }
        if (password == null) {
            throw new IOException(where + ": 'password' or 'nthash' is missing");
        }
        return NtlmCredentials.ofPassword(account[1], account[0], password.toCharArray());
    }

    /** {domain, user} from {@code DOMAIN\\user} or {@code user} with a separate domain. */
    private static String[] account(String user, String domain) {
        int slash = user.indexOf('\\');
        return slash < 0 ? new String[] {domain, user} : new String[] {user.substring(0, slash), user.substring(slash + 1)};
    }

    @Override
    public String toString() {
        return env != null ? "env:" + env : "file:" + file;
    }
}
