package dev.tapdeck.proxy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A proxy that ran out of file descriptors accepts again once some are freed. The proxy runs in its own JVM
 * ({@link OutOfDescriptorsProxy}) under {@code ulimit -n}, so only that JVM runs out. Regression: Netty's
 * "Too many open files" warning made java.util.logging load the time-zone rules from tzdb.dat for the first
 * time, that open failed too, and the initialisation error killed the acceptor thread for good.
 */
class DescriptorExhaustionTest {
    private static final Path BASH = Path.of("/bin/bash");
    /** The forked JVM's open-file limit: its start (class path jars, selectors) uses about half of it. */
    private static final int LIMIT = 256;
    private static final long WAIT_MS = 60_000; // a guard against hangs on a loaded machine, not a timed assertion

    @Test
    void acceptsAgainAfterDescriptorsRanOut() throws Exception {
        assumeTrue(Files.isExecutable(BASH), "no " + BASH + " to set the forked JVM's descriptor limit with ulimit");
        assumeTrue(limitSettable(), BASH + " cannot lower its open-file limit with ulimit -n " + LIMIT);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a region zone (not the fixed "UTC") whose rules come from tzdb.dat, whatever the machine's zone
        try (PeerProcess proxy = PeerProcess.command("out-of-descriptors proxy", BASH.toString(), "-c",
                "ulimit -n " + LIMIT + " && exec \"$0\" \"$@\"", java, "-Duser.timezone=Europe/Paris",
                "-cp", System.getProperty("java.class.path"), OutOfDescriptorsProxy.class.getName())) {
            waitFor(() -> line(proxy, "LISTENING ") != null || !proxy.isAlive(), "the proxy to listen", proxy);
            assertTrue(proxy.isAlive(), "the proxy did not start: " + proxy.lines());
            int port = Integer.parseInt(line(proxy, "LISTENING "));
            int open = Integer.parseInt(line(proxy, "OPEN "));
            assertTrue(open < LIMIT - 20, "the proxy's start already uses " + open + " of " + LIMIT + " descriptors");

            List<Socket> held = new ArrayList<>();
            try {
                // more than the proxy can hold: those past its limit wait in the listen backlog, unaccepted
                for (int i = 0; i < LIMIT; i++) {
                    Socket s = new Socket();
                    held.add(s);
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                }
                waitFor(() -> proxy.lines().stream().anyMatch(l -> l.contains("Too many open files")
                        || l.contains("Error")), "the proxy to run out of descriptors", proxy);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }

            String answer = exchangeUntilAnswered(port, proxy);
            String output = answer + "\nproxy output:\n" + String.join("\n", proxy.lines());
            assertEquals(200, RawHttp.status(answer), output);
            assertTrue(answer.endsWith("upstream-ok"), output);
            assertTrue(proxy.isAlive(), "the proxy died: " + proxy.lines());
            assertFalse(proxy.lines().stream().anyMatch(l -> l.contains("NoClassDefFoundError")
                    || l.contains("ExceptionInInitializerError")), String.join("\n", proxy.lines()));
        }
    }

    /** A fresh request through the proxy, tried again while the proxy gives its descriptors back. */
    private static String exchangeUntilAnswered(int port, PeerProcess proxy) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        List<String> failures = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(RawHttp.post("/wsman", "<hello/>").getBytes(StandardCharsets.ISO_8859_1));
                String answer = RawHttp.readToEnd(s.getInputStream());
                if (!answer.isEmpty()) {
                    return answer;
                }
                failures.add("empty answer");
            } catch (IOException e) {
                failures.add(e.toString()); // the acceptor still paused, or the proxy still at its limit
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the proxy never answered again after running out of descriptors: " + failures
                + "\n" + String.join("\n", proxy.lines()));
    }

    private static String line(PeerProcess p, String prefix) {
        return p.lines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).trim()).orElse(null);
    }

    private static void waitFor(BooleanSupplier condition, String what, PeerProcess p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), "gave up waiting for " + what + ": " + p.lines());
    }

    private static boolean limitSettable() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BASH.toString(), "-c", "ulimit -n " + LIMIT).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
