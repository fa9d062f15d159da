package dev.tapdeck.samples.winrm;

/**
 * The built-in command set of the emulated host, with the output and exit codes cmd.exe gives for the
 * same lines. Each program is a tiny record; {@link CmdInterpreter} picks one per command line.
 */
final class Builtins {
    static final String CRLF = "\r\n";

    private Builtins() {
    }

    /** {@code echo TEXT}: the text as written, then CRLF; a bare {@code echo} reports the echo state like cmd. */
    record Echo(String text) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            io.stdoutText((text.isBlank() ? "ECHO is on." : text) + CRLF);
            io.exit(0);
        }
    }

    /** {@code cat}, {@code type}, {@code more} without a file: copy stdin to stdout until the client ends it. */
    record StdinEcho() implements Builtin {
        @Override
        public void start(ProcessIo io) {
            // waits for stdin: Receive long-polls until a Send arrives
        }

        @Override
        public void stdin(byte[] data, boolean end, ProcessIo io) {
            if (data.length > 0) {
                io.stdout(data);
            }
            if (end) {
                io.exit(0);
            }
        }
    }

    /** {@code type FILE}: the file's bytes as stored. */
    record TypeFile(String path) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            String full = WindowsPaths.fullPath(path, io.env().workingDirectory());
            var data = io.files().read(full);
            if (data.isPresent()) {
                io.stdout(data.get());
                io.exit(0);
            } else {
                io.stderrText("The system cannot find the file specified." + CRLF);
                io.exit(1);
            }
        }
    }

    /** {@code exit [/b] [N]}: cmd takes a missing or non-numeric code as 0. */
    record Exit(long code) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            io.exit(code);
        }
    }

    /** {@code stderr TEXT}: a demo command that writes the text to stderr and fails with 1. */
    record Stderr(String text) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            io.stderrText(text + CRLF);
            io.exit(1);
        }
    }

    /** {@code hostname}: the emulated machine name. */
    record Hostname() implements Builtin {
        @Override
        public void start(ProcessIo io) {
            io.stdoutText(io.env().machine() + CRLF);
            io.exit(0);
        }
    }

    /** A line that fails with a message on stderr: unknown commands, syntax the set does not cover. */
    record Failure(String message, long code) implements Builtin {
        static Failure notRecognized(String name) {
            return new Failure("'" + name + "' is not recognized as an internal or external command," + CRLF
                    + "operable program or batch file." + CRLF, 1);
        }

        static Failure unsupported(String what) {
            return new Failure("tapdeck demo host: " + what + " is not supported by the built-in command set." + CRLF, 1);
        }

        @Override
        public void start(ProcessIo io) {
            io.stderrText(message);
            io.exit(code);
        }
    }

    /**
     * {@code PROGRAM > FILE} and {@code PROGRAM >> FILE}: the program's stdout goes to the file store instead
     * of the client. A store over its limits fails like a full disk.
     */
    record Redirected(Builtin program, String path, boolean append) implements Builtin {
        @Override
        public void start(ProcessIo io) {
            String full = WindowsPaths.fullPath(path, io.env().workingDirectory());
            FileRedirect redirect = new FileRedirect(io, full);
            if (!append && !io.files().write(full, new byte[0])) {
                redirect.fail();
                return;
            }
            program.start(redirect);
        }

        @Override
        public void stdin(byte[] data, boolean end, ProcessIo io) {
            // stdin programs keep writing through the redirect made at start
            program.stdin(data, end, new FileRedirect(io, WindowsPaths.fullPath(path, io.env().workingDirectory())));
        }
    }

    /** The ProcessIo a redirected program sees: stdout appends to a file, the rest goes to the command. */
    private static final class FileRedirect extends ForwardingIo {
        private final ProcessIo target;
        private final String fullPath;
        private boolean failed;

        FileRedirect(ProcessIo target, String fullPath) {
            super(target);
            this.target = target;
            this.fullPath = fullPath;
        }

        @Override
        public void stdout(byte[] data) {
            if (!failed && !target.files().append(fullPath, data)) {
                fail();
            }
        }

        void fail() {
            failed = true;
            target.stderrText("There is not enough space on the disk." + CRLF);
            target.exit(1);
        }

        @Override
        public void exit(long code) {
            target.exit(failed ? 1 : code);
        }
    }
}
