package dev.tapdeck.samples.winrm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of {@code powershell.exe} the emulated host understands. It is no PowerShell: it reads the
 * command-line switches real clients send, decodes {@code -EncodedCommand} (base64 of UTF-16LE), and then
 * accepts only
 * <ul>
 *   <li>the two scripts winrmcp sends to finish a copy and to clean up ({@link WinrmcpScripts});</li>
 *   <li>scripts made of simple statements, one per line or separated by {@code ;}: {@code exit N},
 *       {@code Write-Host}/{@code Write-Output}/{@code echo} of one quoted string, {@code Remove-Item PATH}
 *       (with {@code -ErrorAction SilentlyContinue} or {@code -Force}), and {@code $ProgressPreference = '...'}.</li>
 * </ul>
 * Any other script fails with a message that says so (exit code 1). Reading a script from stdin ({@code -})
 * and {@code -File} are not supported.
 */
final class PowerShellLite {
    private static final Pattern EXIT = Pattern.compile("(?i)exit(?:\\s+(-?\\d+))?");
    private static final Pattern WRITE = Pattern.compile("(?i)(?:Write-Host|Write-Output|echo)\\s+(\"[^\"]*\"|'[^']*')");
    private static final Pattern REMOVE = Pattern.compile(
            "(?i)Remove-Item\\s+(\"[^\"]*\"|'[^']*'|[^\\s\"']+)((?:\\s+-ErrorAction\\s+SilentlyContinue|\\s+-Force)*)");
    private static final Pattern PROGRESS = Pattern.compile("(?i)\\$ProgressPreference\\s*=\\s*'[A-Za-z]+'");

    private PowerShellLite() {
    }

    /** The program for {@code powershell ARGUMENTS} (the text after the program name, as cmd passed it). */
    static Builtin parse(String arguments, ShellEnvironment env) {
        List<String> tokens = tokens(arguments);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String option = token.toLowerCase(Locale.ROOT);
            if (!option.startsWith("-") || option.equals("-")) {
                if (option.equals("-")) {
                    return Builtins.Failure.unsupported("a PowerShell script read from stdin");
                }
                return script(String.join(" ", tokens.subList(i, tokens.size())));
            }
            switch (option) {
                case "-noprofile": case "-nop": case "-noninteractive": case "-noni": case "-nologo":
                case "-sta": case "-mta":
                    break;
                case "-executionpolicy": case "-ep": case "-exec": case "-inputformat": case "-if":
                case "-outputformat": case "-of": case "-windowstyle": case "-w":
                    i++;
                    break;
                case "-encodedcommand": case "-enc": case "-ec": case "-e":
                    return i + 1 < tokens.size() ? encoded(tokens.get(i + 1))
                            : Builtins.Failure.unsupported("-EncodedCommand without a value");
                case "-command": case "-c":
                    return script(String.join(" ", tokens.subList(i + 1, tokens.size())));
                default:
                    return Builtins.Failure.unsupported("the PowerShell switch " + token);
            }
        }
        return Builtins.Failure.unsupported("an interactive PowerShell (no command)");
    }

    private static Builtin encoded(String base64) {
        byte[] utf16;
        try {
            utf16 = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new Builtins.Failure("Cannot process the command because the value specified with -EncodedCommand"
                    + " is not properly encoded. The value must be Base64 encoded." + Builtins.CRLF, 1);
        }
        return script(new String(utf16, StandardCharsets.UTF_16LE));
    }

    /** A script: a winrmcp template if it is one, else simple statements. */
    static Builtin script(String script) {
        Optional<Builtin> winrmcp = WinrmcpScripts.match(script);
        if (winrmcp.isPresent()) {
            return winrmcp.get();
        }
        List<Builtin> statements = new ArrayList<>();
        for (String statement : script.split("[;\\r\\n]+")) {
            String s = statement.strip();
            if (s.isEmpty() || s.startsWith("#") || PROGRESS.matcher(s).matches()) {
                continue;
            }
            Builtin b = statement(s);
            if (b == null) {
                return Builtins.Failure.unsupported("the PowerShell statement '" + abbreviate(s) + "'");
            }
            statements.add(b);
        }
        return new Statements(statements);
    }

    private static Builtin statement(String s) {
        Matcher m = EXIT.matcher(s);
        if (m.matches()) {
            return new Builtins.Exit(m.group(1) == null ? 0 : Long.parseLong(m.group(1)));
        }
        m = WRITE.matcher(s);
        if (m.matches()) {
            return new WriteLine(m.group(1));
        }
        m = REMOVE.matcher(s);
        if (m.matches()) {
            return new RemoveItem(m.group(1), !m.group(2).isEmpty());
        }
        return null;
    }

    /** A PowerShell string literal: {@code $env:} expands inside double quotes only. */
    static String literal(String quoted, ShellEnvironment env) {
        if (quoted.startsWith("'")) {
            return quoted.substring(1, quoted.length() - 1);
        }
        String inner = quoted.startsWith("\"") ? quoted.substring(1, quoted.length() - 1) : quoted;
        return env.expandPowerShell(inner);
    }

    /** Statements run in order; the first {@code exit} or failure ends the script, else it exits with 0. */
    private record Statements(List<Builtin> statements) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            boolean[] exited = {false};
            ProcessIo watched = new ForwardingIo(io) {
                @Override
                public void exit(long code) {
                    exited[0] = true;
                    io.exit(code);
                }
            };
            for (Builtin statement : statements) {
                statement.start(watched);
                if (exited[0]) {
                    return;
                }
            }
            io.exit(0);
        }
    }

    private record WriteLine(String quoted) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            io.stdoutText(literal(quoted, io.env()) + Builtins.CRLF);
        }
    }

    private record RemoveItem(String quoted, boolean silent) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            String path = literal(quoted, io.env());
            String full = WindowsPaths.fullPath(path, io.env().workingDirectory());
            if (!io.files().delete(full) && !silent) {
                io.stderrText("Remove-Item : Cannot find path '" + full + "' because it does not exist." + Builtins.CRLF);
                io.exit(1);
            }
        }
    }

    /** Splits like the Windows C runtime: whitespace separates, double quotes group and are removed. */
    private static List<String> tokens(String s) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                current = current == null ? new StringBuilder() : current;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (current != null) {
                    tokens.add(current.toString());
                    current = null;
                }
            } else {
                current = current == null ? new StringBuilder() : current;
                current.append(c);
            }
        }
        if (current != null) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
