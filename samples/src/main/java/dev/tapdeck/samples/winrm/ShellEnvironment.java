package dev.tapdeck.samples.winrm;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake Windows environment one shell's built-in commands see: a fixed set of variables derived from
 * the user and machine name (nothing from the host), the working directory, and the output code page
 * the client chose with {@code WINRS_CODEPAGE}.
 */
final class ShellEnvironment {
    /** [MS-WSMV] 2.2.4.37 WINRS_CODEPAGE: 65001 is UTF-8; 437 (the OEM default) is what cmd writes otherwise. */
    static final int DEFAULT_CODEPAGE = 437;

    private static final Pattern CMD_VARIABLE = Pattern.compile("%([^%\\s=]+)%");
    private static final Pattern POWERSHELL_ENV = Pattern.compile("\\$env:([A-Za-z_][A-Za-z0-9_]*)");

    private final String user;
    private final String machine;
    private final Charset charset;
    private final Map<String, String> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    ShellEnvironment(String user, String machine, int codepage) {
        this.user = safeUserName(user);
        this.machine = machine;
        this.charset = charsetOf(codepage);
        String profile = "C:\\Users\\" + this.user;
        variables.put("USERNAME", this.user);
        variables.put("USERPROFILE", profile);
        variables.put("HOMEDRIVE", "C:");
        variables.put("HOMEPATH", "\\Users\\" + this.user);
        variables.put("TEMP", profile + "\\AppData\\Local\\Temp");
        variables.put("TMP", profile + "\\AppData\\Local\\Temp");
        variables.put("COMPUTERNAME", machine);
        variables.put("SystemRoot", "C:\\Windows");
        variables.put("windir", "C:\\Windows");
        variables.put("ComSpec", "C:\\Windows\\system32\\cmd.exe");
        variables.put("OS", "Windows_NT");
    }

    String user() {
        return user;
    }

    String machine() {
        return machine;
    }

    /** WinRS starts commands in the user's profile directory. */
    String workingDirectory() {
        return variables.get("USERPROFILE");
    }

    /** Text as the shell's code page encodes it. */
    byte[] encode(String text) {
        return text.getBytes(charset);
    }

    /** cmd expands {@code %NAME%} before it parses the line; unknown names stay as written, as in cmd. */
    String expandCmd(String line) {
        return expand(CMD_VARIABLE.matcher(line));
    }

    /** PowerShell {@code $env:NAME} inside a double-quoted string; an unknown name expands to nothing. */
    String expandPowerShell(String text) {
        Matcher m = POWERSHELL_ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(m.group(1), "")));
        }
        return m.appendTail(out).toString();
    }

    private String expand(Matcher m) {
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        return m.appendTail(out).toString();
    }

    private static Charset charsetOf(int codepage) {
        if (codepage == 65001) {
            return StandardCharsets.UTF_8;
        }
        String name = "IBM" + codepage;
        return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
    }

    /** {@code DOMAIN\\name} and {@code user@domain} log on as {@code user}; path-hostile characters are replaced. */
    private static String safeUserName(String user) {
        String u = user == null || user.isBlank() ? "tapdeck" : user;
        u = u.substring(u.lastIndexOf('\\') + 1);
        int at = u.indexOf('@');
        if (at > 0) {
            u = u.substring(0, at);
        }
        u = u.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        return u.isEmpty() ? "tapdeck" : u;
    }
}
