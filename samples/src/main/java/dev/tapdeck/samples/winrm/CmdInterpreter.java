package dev.tapdeck.samples.winrm;

import java.util.Locale;

/**
 * Turns a WinRS command line into one built-in program, reading it the way cmd.exe would for the small
 * language it supports:
 * <ul>
 *   <li>{@code %NAME%} variables of the fake environment are expanded first;</li>
 *   <li>one output redirection {@code > FILE} or {@code >> FILE} (quoted or not) into the file store;</li>
 *   <li>programs: {@code echo}, {@code cat}/{@code type}/{@code more} (stdin or a file), {@code exit [/b] N},
 *       {@code stderr TEXT}, {@code hostname}, {@code cmd[.exe] /c LINE}, and {@code powershell[.exe]}
 *       with the subset {@link PowerShellLite} reads;</li>
 *   <li>anything else: cmd's "is not recognized" error, exit code 1.</li>
 * </ul>
 * Pipes, command chaining ({@code & && ||}), input and stderr redirection are refused with a message on
 * stderr rather than half-emulated.
 */
final class CmdInterpreter {
    private CmdInterpreter() {
    }

    /**
     * The program for a command line. WinRS builds the line as {@code rsp:Command} followed by each
     * {@code rsp:Arguments} separated by spaces; clients such as winrmcp put the whole line in {@code rsp:Command}.
     */
    static Builtin parse(String commandLine, ShellEnvironment env) {
        String line = env.expandCmd(commandLine).stripLeading();
        if (line.startsWith("@")) {
            line = line.substring(1).stripLeading();
        }
        if (line.isEmpty()) {
            return new Builtins.Exit(0);
        }
        int operator = findUnquoted(line, "|&<");
        if (operator >= 0) {
            return Builtins.Failure.unsupported("the operator '" + line.charAt(operator) + "'");
        }
        int redirect = findUnquoted(line, ">");
        if (redirect < 0) {
            return program(line, env);
        }
        return redirected(line, redirect, env);
    }

    private static Builtin redirected(String line, int at, ShellEnvironment env) {
        String command = line.substring(0, at);
        if (command.endsWith("2") && (command.length() == 1 || Character.isWhitespace(command.charAt(command.length() - 2)))) {
            return Builtins.Failure.unsupported("stderr redirection");
        }
        if (command.endsWith("1") && (command.length() == 1 || Character.isWhitespace(command.charAt(command.length() - 2)))) {
            command = command.substring(0, command.length() - 1);
        }
        boolean append = line.startsWith(">>", at);
        String target = line.substring(at + (append ? 2 : 1)).strip();
        if (findUnquoted(target, ">") >= 0) {
            return Builtins.Failure.unsupported("more than one redirection");
        }
        target = unquote(target);
        if (target.isEmpty()) {
            return new Builtins.Failure("The syntax of the command is incorrect." + Builtins.CRLF, 1);
        }
        return new Builtins.Redirected(program(command, env), target, append);
    }

    private static Builtin program(String line, ShellEnvironment env) {
        int end = line.startsWith("\"") ? line.indexOf('"', 1) + 1 : 0;
        if (end <= 0) {
            end = 0;
            while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                end++;
            }
        }
        String name = unquote(line.substring(0, end));
        // cmd drops exactly one delimiter after the name: "echo  a" prints " a"
        String rest = end < line.length() ? line.substring(end + 1) : "";
        switch (programName(name)) {
            case "echo":
                return new Builtins.Echo(rest);
            case "cat":
            case "type":
            case "more":
                return rest.isBlank() ? new Builtins.StdinEcho() : new Builtins.TypeFile(unquote(rest.strip()));
            case "exit":
                return new Builtins.Exit(exitCode(rest));
            case "stderr":
                return new Builtins.Stderr(rest);
            case "hostname":
                return new Builtins.Hostname();
            case "cmd":
                return cmd(rest, env);
            case "powershell":
            case "pwsh":
                return PowerShellLite.parse(rest, env);
            default:
                return Builtins.Failure.notRecognized(name);
        }
    }

    /** {@code cmd /c LINE}: switches before /c are ignored; one pair of outer quotes is removed, like {@code cmd /s}. */
    private static Builtin cmd(String arguments, ShellEnvironment env) {
        String rest = arguments.stripLeading();
        while (rest.startsWith("/")) {
            int end = 1;
            while (end < rest.length() && !Character.isWhitespace(rest.charAt(end)) && rest.charAt(end) != '"') {
                end++;
            }
            String option = rest.substring(1, end).toLowerCase(Locale.ROOT);
            rest = rest.substring(end).stripLeading();
            if (option.equals("c") || option.equals("k")) {
                if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
                    rest = rest.substring(1, rest.length() - 1);
                }
                return parse(rest, env);
            }
        }
        return Builtins.Failure.unsupported("an interactive cmd (without /c)");
    }

    /** {@code C:\Windows\System32\CMD.EXE} is {@code cmd}. */
    private static String programName(String name) {
        String n = name.substring(Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/')) + 1).toLowerCase(Locale.ROOT);
        return n.endsWith(".exe") ? n.substring(0, n.length() - 4) : n;
    }

    private static long exitCode(String arguments) {
        String rest = arguments.strip();
        if (rest.regionMatches(true, 0, "/b", 0, 2)) {
            rest = rest.substring(2).strip();
        }
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
            end++;
        }
        try {
            return Integer.parseInt(rest.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The index of the first of {@code chars} outside double quotes, or -1. */
    private static int findUnquoted(String s, String chars) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && chars.indexOf(c) >= 0) {
                return i;
            }
        }
        return -1;
    }

    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
