package dev.tapdeck.cli;

import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {

    /** Runs {@code tapdeck verify args...}; returns the exit code and leaves the output in {@code out}. */
    static int verify(ByteArrayOutputStream out, String... args) {
        picocli.CommandLine cl = Main.commandLine();
        VerifyCommand cmd = (VerifyCommand) cl.getSubcommands().get("verify").getCommandSpec().userObject();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 1];
        all[0] = "verify";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void exitCodesSayOkProblemsOrUnreadable(@TempDir Path dir) throws Exception {
        Path good;
        try (RecordingSink sink = new RecordingSink(dir)) {
            sink.accept(new TapEvent.SessionStarted("s", 0, 0, "websocket", "main", "c", "ws://up", 0L, "test", true));
            sink.accept(new TapEvent.WsChunkRelayed("s", 1, 1, dev.tapdeck.recorder.Direction.CLIENT_TO_SERVER, 0,
                    new byte[]{1, 2, 3}, 3));
            sink.accept(new TapEvent.SessionEnded("s", 2, 2, "client closed the connection", 1, 3, 0));
            sink.flush();
            good = sink.fileOf("s");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, verify(out, good.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(good + ": OK: websocket session s, 2 events"), out.toString());

        Path torn = dir.resolve("torn.tdrec.jsonl");
        String text = Files.readString(good);
        Files.writeString(torn, text.substring(0, text.length() - 10));
        out.reset();
        assertEquals(1, verify(out, good.toString(), torn.toString()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(torn + ": 2 problems"), printed);
        assertTrue(printed.contains("  line 3: torn last line"), printed);
        assertTrue(printed.contains("  no trailer: the recording was cut short"), printed);

        out.reset();
        assertEquals(2, verify(out, torn.toString(), dir.resolve("nope.tdrec.jsonl").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("nope.tdrec.jsonl: unreadable: "), out.toString());
    }
}
