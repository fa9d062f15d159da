package dev.tapdeck.samples.winrm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two PowerShell scripts winrmcp (masterzen/winrm, Debian package {@code winrmcp}) sends with
 * {@code -EncodedCommand} to copy a file, recognised by their shape and run against the file store.
 * <p>
 * A copy is: several {@code echo <base64> >> "%TEMP%\winrmcp-<uuid>.tmp"} lines (run by
 * {@link CmdInterpreter}), then the <em>restore</em> script, which sets {@code $tmp_file_path} and
 * {@code $dest_file_path} with {@code [System.IO.Path]::GetFullPath(...)}, fails with exit code 1 when the
 * destination is a directory, removes an existing destination file, and writes the base64-decoded temp file
 * to the destination (line by line with {@code ReadLine()}, or joined with {@code [string]::join}; an absent
 * temp file gives an empty destination); and the <em>cleanup</em> script, which removes the temp file.
 * Other winrmcp versions (several numbered temp files found with {@code Get-ChildItem}) are not recognised.
 */
final class WinrmcpScripts {
    private static final String FULL_PATH = "\\[System\\.IO\\.Path\\]::GetFullPath\\(\\s*(\"[^\"]*\")";
    private static final Pattern TMP = Pattern.compile("\\$tmp_file_path\\s*=\\s*" + FULL_PATH + "\\s*\\)");
    private static final Pattern DEST = Pattern.compile(
            "\\$dest_file_path\\s*=\\s*" + FULL_PATH + "(\\.Trim\\(\"'\"\\))?\\s*\\)");
    private static final Pattern CLEANUP = Pattern.compile("(?is)\\s*(?:\\$ProgressPreference\\s*=\\s*'\\w+'\\s*;?)?\\s*"
            + "\\$tmp_file_path\\s*=\\s*" + FULL_PATH + "\\s*\\)\\s*"
            + "if\\s*\\(\\s*Test-Path\\s+\\$tmp_file_path\\s*\\)\\s*\\{\\s*"
            + "Remove-Item\\s+\\$tmp_file_path(?:\\s+-ErrorAction\\s+SilentlyContinue)?\\s*\\}\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]");

    private WinrmcpScripts() {
    }

    /** The program for one of winrmcp's scripts, or empty when the script is not one of them. */
    static Optional<Builtin> match(String script) {
        Matcher cleanup = CLEANUP.matcher(script);
        if (cleanup.matches()) {
            return Optional.of(new Cleanup(cleanup.group(1)));
        }
        Matcher tmp = TMP.matcher(script);
        Matcher dest = DEST.matcher(script);
        if (!script.contains("[System.Convert]::FromBase64String(") || script.contains("Get-ChildItem")
                || !tmp.find() || !dest.find()) {
            return Optional.empty();
        }
        boolean perLine = script.contains(".ReadLine()");
        if (!perLine && !script.contains("[string]::join(")) {
            return Optional.empty();
        }
        return Optional.of(new Restore(tmp.group(1), dest.group(1), dest.group(2) != null, perLine));
    }

    /** The restore script: decode the temp file into the destination. */
    record Restore(String tmpLiteral, String destLiteral, boolean trimQuotes, boolean perLine) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            ShellEnvironment env = io.env();
            String tmp = WindowsPaths.fullPath(PowerShellLite.literal(tmpLiteral, env), env.workingDirectory());
            String destPath = PowerShellLite.literal(destLiteral, env);
            if (trimQuotes) {
                destPath = destPath.replaceAll("^'+|'+$", "");
            }
            String dest = WindowsPaths.fullPath(destPath, env.workingDirectory());
            FileStore files = io.files();
            if (files.isDirectory(dest)) {
                io.exit(1);
                return;
            }
            files.delete(dest);
            byte[] content;
            try {
                content = files.read(tmp).map(this::decode).orElse(new byte[0]);
            } catch (IllegalArgumentException e) {
                io.stderrText("Exception calling \"FromBase64String\" with \"1\" argument(s): \"The input is not a"
                        + " valid Base-64 string as it contains a non-base 64 character, more than two padding"
                        + " characters, or an illegal character among the padding characters. \"" + Builtins.CRLF);
                io.exit(1);
                return;
            }
            if (!files.write(dest, content)) {
                io.stderrText("Exception calling \"WriteAllBytes\" with \"2\" argument(s): \"There is not enough"
                        + " space on the disk.\"" + Builtins.CRLF);
                io.exit(1);
                return;
            }
            io.exit(0);
        }

        /** .NET FromBase64String: whitespace is ignored, the rest must be whole, padded base64. */
        private byte[] decode(byte[] tmpFile) {
            String text = new String(tmpFile, StandardCharsets.UTF_8);
            if (!perLine) {
                return fromBase64String(String.join("", text.split("\\r\\n|\\n|\\r")));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String line : text.split("\\r\\n|\\n|\\r")) {
                out.writeBytes(fromBase64String(line));
            }
            return out.toByteArray();
        }

        private static byte[] fromBase64String(String s) {
            String compact = WHITESPACE.matcher(s).replaceAll("");
            if (compact.length() % 4 != 0) {
                throw new IllegalArgumentException("base64 length is not a multiple of 4");
            }
            return Base64.getDecoder().decode(compact);
        }
    }

    /** The cleanup script: remove the temp file if it exists. */
    record Cleanup(String tmpLiteral) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            ShellEnvironment env = io.env();
            io.files().delete(WindowsPaths.fullPath(PowerShellLite.literal(tmpLiteral, env), env.workingDirectory()));
            io.exit(0);
        }
    }
}
