package dev.tapdeck.samples.winrm;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The PowerShell subset: switches, -EncodedCommand, simple statements and winrmcp's scripts. */
class PowerShellLiteTest {
    private static final String TMP = "C:\\Users\\u\\AppData\\Local\\Temp\\winrmcp-1.tmp";

    private final FileStore files = new FileStore(10, 10_000, 20_000);
    private final ShellEnvironment env = new ShellEnvironment("u", "HOST", 437);

    record Ran(String stdout, String stderr, long exitCode) {
    }

    Ran run(String line) {
        CommandProcess p = new CommandProcess("C", CmdInterpreter.parse(line, env), env, files, 1 << 20);
        p.start();
        assertTrue(p.isDone(), line);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (StreamChunk c : p.take(Long.MAX_VALUE, List.of("stdout", "stderr"))) {
            (c.stream().equals("stdout") ? out : err).append(new String(c.data(), UTF_8));
        }
        return new Ran(out.toString(), err.toString(), p.exitCode());
    }

    static String encoded(String script) {
        return "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "
                + Base64.getEncoder().encodeToString(script.getBytes(UTF_16LE));
    }

    @Test
    void simpleStatements() {
        assertEquals(new Ran("from ps\r\n", "", 0), run("powershell -encodedcommand "
                + Base64.getEncoder().encodeToString("Write-Output \"from ps\"".getBytes(UTF_16LE))));
        assertEquals(new Ran("C:\\Users\\u\\AppData\\Local\\Temp\r\n$env:TEMP\r\n", "", 4),
                run(encoded("$ProgressPreference = 'SilentlyContinue'; Write-Host \"$env:TEMP\"\r\necho '$env:TEMP'\nexit 4")));
        assertEquals(new Ran("a\r\n", "", 0), run("powershell -Command Write-Host 'a'"));
    }

    @Test
    void removeItem() {
        files.write("C:\\x.txt", new byte[1]);
        assertEquals(new Ran("", "", 0), run("powershell Remove-Item C:\\x.txt -ErrorAction SilentlyContinue"));
        assertFalse(files.exists("C:\\x.txt"));
        assertEquals(new Ran("", "", 0), run("powershell Remove-Item C:\\x.txt -ErrorAction SilentlyContinue"));
        assertEquals(1, run("powershell Remove-Item C:\\x.txt").exitCode());
    }

    @Test
    void anythingElseIsRefusedWithAMessage() {
        Ran ran = run(encoded("Get-Process | Stop-Process"));
        assertEquals(1, ran.exitCode());
        assertTrue(ran.stderr().contains("not supported by the built-in command set"), ran.stderr());
        assertEquals(1, run("powershell -").exitCode(), "scripts from stdin are not supported");
        assertEquals(1, run("powershell -EncodedCommand !!!").exitCode());
        assertEquals(1, run("powershell -File x.ps1").exitCode());
    }

    /** The restore script's shape (written here from its documented behaviour, not copied from winrmcp). */
    static String restore(String tmp, String dest) {
        return "$tmp_file_path = [System.IO.Path]::GetFullPath(\"" + tmp + "\")\n"
                + "$dest_file_path = [System.IO.Path]::GetFullPath(\"" + dest + "\".Trim(\"'\"))\n"
                + "if (Test-Path $tmp_file_path) {\n  $reader = [System.IO.File]::OpenText($tmp_file_path)\n"
                + "  $writer = [System.IO.File]::OpenWrite($dest_file_path)\n"
                + "  for(;;) { $line = $reader.ReadLine(); if ($line -eq $null) { break }\n"
                + "    $bytes = [System.Convert]::FromBase64String($line); $writer.write($bytes, 0, $bytes.Length) }\n}";
    }

    @Test
    void winrmcpRestoreDecodesTheTempFileLineByLine() {
        files.write(TMP, "AAEC \r\n/w== \r\n".getBytes(UTF_8));
        files.write("C:\\out\\f.bin", new byte[] {9, 9, 9, 9});
        assertEquals(new Ran("", "", 0), run(encoded(restore("$env:TEMP\\winrmcp-1.tmp", "C:\\\\out\\\\f.bin"))));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, files.read("c:/OUT/f.bin").orElseThrow());
    }

    @Test
    void winrmcpRestoreEdgeCases() {
        assertEquals(0, run(encoded(restore("$env:TEMP\\absent.tmp", "C:\\empty.txt"))).exitCode());
        assertArrayEquals(new byte[0], files.read("C:\\empty.txt").orElseThrow(), "no temp file: an empty destination");

        files.write("C:\\dir\\inside.txt", new byte[1]);
        assertEquals(1, run(encoded(restore("$env:TEMP\\absent.tmp", "C:\\dir"))).exitCode(), "a directory is refused");

        files.write(TMP, "not*base64\r\n".getBytes(UTF_8));
        Ran bad = run(encoded(restore("$env:TEMP\\winrmcp-1.tmp", "C:\\bad.bin")));
        assertEquals(1, bad.exitCode());
        assertTrue(bad.stderr().contains("FromBase64String"), bad.stderr());
    }

    @Test
    void winrmcpCleanupRemovesTheTempFile() {
        files.write(TMP, new byte[1]);
        String cleanup = "\n\t\t$tmp_file_path = [System.IO.Path]::GetFullPath(\"$env:TEMP\\winrmcp-1.tmp\")\n"
                + "\t\tif (Test-Path $tmp_file_path) {\n\t\t\tRemove-Item $tmp_file_path -ErrorAction SilentlyContinue\n\t\t}\n\t";
        assertEquals(new Ran("", "", 0), run(encoded(cleanup)));
        assertFalse(files.exists(TMP));
    }

    /** The restore command winrmcp really sent (corpus capture), run against chunks echoed the same way. */
    @Test
    void capturedWinrmcpRestoreCommand() throws Exception {
        Path capture = Path.of(System.getProperty("tapdeck.corpus", "../shared/corpus"),
                "winrm/clients/winrmcp-debian-cmd/07-Command.xml");
        assumeTrue(Files.isRegularFile(capture), "corpus not found at " + capture);
        Matcher m = Pattern.compile("<!\\[CDATA\\[(.*?)]]>", Pattern.DOTALL).matcher(Files.readString(capture));
        assertTrue(m.find());
        String command = m.group(1);
        Matcher tmp = Pattern.compile("winrmcp-[0-9a-f-]+\\.tmp").matcher(new String(Base64.getDecoder()
                .decode(command.substring(command.lastIndexOf(' ') + 1)), UTF_16LE));
        assertTrue(tmp.find());
        assertEquals(0, run("echo cGF5bG9hZAo= >> \"%TEMP%\\" + tmp.group() + "\"").exitCode());
        assertEquals(new Ran("", "", 0), run(command));
        assertArrayEquals("payload\n".getBytes(UTF_8), files.read("C:\\temp\\small.txt").orElseThrow());
    }
}
