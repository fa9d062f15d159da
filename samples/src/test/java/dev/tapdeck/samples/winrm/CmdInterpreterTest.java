package dev.tapdeck.samples.winrm;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Command lines through the interpreter, with the output and exit code cmd.exe gives. */
class CmdInterpreterTest {
    private final FileStore files = new FileStore(10, 1000, 2000);
    private final ShellEnvironment env = new ShellEnvironment("CORP\\alice", "HOST1", 65001);

    /** What a finished command printed: stdout, stderr (ISO-8859-1 so bytes compare exactly), exit code. */
    record Ran(String stdout, String stderr, Long exitCode) {
    }

    Ran run(String line, byte[]... stdin) {
        CommandProcess p = new CommandProcess("C1", CmdInterpreter.parse(line, env), env, files, 1 << 20);
        p.start();
        for (int i = 0; i < stdin.length; i++) {
            p.stdin(stdin[i], i == stdin.length - 1);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (StreamChunk c : p.take(Long.MAX_VALUE, List.of("stdout", "stderr"))) {
            (c.stream().equals("stdout") ? out : err).append(new String(c.data(), ISO_8859_1));
        }
        return new Ran(out.toString(), err.toString(), p.isDone() ? p.exitCode() : null);
    }

    static Ran ok(String stdout) {
        return new Ran(stdout, "", 0L);
    }

    @Test
    void echoPrintsTheRestOfTheLineAsCmdDoes() {
        assertEquals(ok("hello  world \r\n"), run("echo hello  world "));
        assertEquals(ok("\"quoted\" text\r\n"), run("ECHO \"quoted\" text"));
        assertEquals(ok("ECHO is on.\r\n"), run("echo"));
        assertEquals(ok("C:\\Users\\alice\\AppData\\Local\\Temp %NOPE%\r\n"), run("@echo %temp% %NOPE%"));
        assertEquals(ok("caf\u00c3\u00a9\r\n"), run("echo caf\u00e9"), "code page 65001 writes UTF-8");
    }

    @Test
    void exitCodesAndCmdWrapping() {
        assertEquals(new Ran("", "", 3L), run("exit 3"));
        assertEquals(new Ran("", "", 4L), run("exit /B 4"));
        assertEquals(new Ran("", "", 0L), run("exit abc"));
        assertEquals(ok("inner\r\n"), run("cmd /c echo inner"));
        assertEquals(new Ran("", "", 9L), run("C:\\Windows\\System32\\CMD.EXE /s /c \"exit 9\""));
        assertEquals(ok("HOST1\r\n"), run("hostname"));
    }

    @Test
    void failuresLookLikeCmd() {
        assertEquals(new Ran("", "boom\r\n", 1L), run("stderr boom"));
        assertEquals(new Ran("", "'ipconfig' is not recognized as an internal or external command,\r\n"
                + "operable program or batch file.\r\n", 1L), run("ipconfig /all"));
        Ran pipe = run("echo a | more");
        assertEquals(1L, pipe.exitCode());
        assertTrue(pipe.stderr().contains("the operator '|' is not supported"), pipe.stderr());
        assertTrue(run("echo a 2> err.txt").stderr().contains("stderr redirection"));
        assertEquals(1L, run("cmd").exitCode(), "no interactive cmd");
    }

    @Test
    void stdinProgramsEchoUntilEnd() {
        assertEquals(ok("ab\u0000\u00ff"), run("cat", "ab".getBytes(UTF_8), new byte[] {0, (byte) 0xff}));
        assertEquals(new Ran("x", "", null), runWithoutEnd("more", "x".getBytes(UTF_8)));
    }

    private Ran runWithoutEnd(String line, byte[] data) {
        CommandProcess p = new CommandProcess("C2", CmdInterpreter.parse(line, env), env, files, 1 << 20);
        p.start();
        p.stdin(data, false);
        String out = new String(p.take(100, List.of("stdout")).get(0).data(), ISO_8859_1);
        return new Ran(out, "", p.isDone() ? p.exitCode() : null);
    }

    @Test
    void redirectionAppendsAndTruncates() {
        assertEquals(ok(""), run("echo one >> \"%TEMP%\\f.txt\""));
        assertEquals(ok(""), run("echo two>>%TEMP%\\f.txt"));
        String path = "C:\\Users\\alice\\AppData\\Local\\Temp\\f.txt";
        assertArrayEquals("one \r\ntwo\r\n".getBytes(UTF_8), files.read(path).orElseThrow());
        assertEquals(ok("one \r\ntwo\r\n"), run("type " + path.toUpperCase()));
        assertEquals(ok(""), run("echo new 1> f.txt"), "relative to the profile directory");
        assertArrayEquals("new \r\n".getBytes(UTF_8), files.read("C:\\Users\\alice\\f.txt").orElseThrow());
        assertEquals(new Ran("", "The system cannot find the file specified.\r\n", 1L), run("type C:\\missing"));
        assertEquals(new Ran("", "The syntax of the command is incorrect.\r\n", 1L), run("echo x >"));
    }

    @Test
    void aFullDiskFailsTheCommandAndKeepsTheStore() {
        String big = "x".repeat(900);
        assertEquals(ok(""), run("echo " + big + " > C:\\a"));
        Ran full = run("echo " + big + " >> C:\\a");
        assertEquals(new Ran("", "There is not enough space on the disk.\r\n", 1L), full);
        assertEquals(900 + " \r\n".length(), files.read("C:\\a").orElseThrow().length, "the failed append left no trace");
    }
}
