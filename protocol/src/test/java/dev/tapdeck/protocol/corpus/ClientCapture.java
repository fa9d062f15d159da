package dev.tapdeck.protocol.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One request body a real client sent to a loopback endpoint ({@value #FOLDER}/&lt;client&gt;/NN-Action.xml,
 * see the folder's README), with the HTTP headers file next to it ({@code NN-Action.http-headers.txt},
 * Authorization redacted).
 *
 * @param client  the capture folder, e.g. {@code pywinrm-0.3.0-cmd}
 * @param step    the file name without extension, e.g. {@code 02-Command}
 * @param action  the operation named by the file, e.g. {@code Command} (the capture tool's label, not
 *                decoded from the body)
 * @param body    the exact request body
 * @param headers the headers file, null when there is none
 */
public record ClientCapture(String client, String step, String action, byte[] body, Path headers) {
    public static final String FOLDER = "winrm/clients";

    /** Every capture, by client folder then step; skips the calling test when the corpus is absent. */
    public static List<ClientCapture> all() {
        Path root = Corpus.require(FOLDER);
        List<ClientCapture> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                for (Path xml : Corpus.files(FOLDER + "/" + dir.getFileName(), "*.xml")) {
                    out.add(load(dir.getFileName().toString(), xml));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static ClientCapture load(String client, Path xml) {
        String step = xml.getFileName().toString().replaceFirst("\\.xml$", "");
        String action = step.replaceFirst("^\\d+-", "");
        Path headers = xml.resolveSibling(step + ".http-headers.txt");
        return new ClientCapture(client, step, action, Corpus.bytes(xml), Files.exists(headers) ? headers : null);
    }
}
