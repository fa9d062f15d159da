package dev.tapdeck.samples.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * Crafted WS-Man requests, written the way pywinrm writes them (prefixes {@code env: a: w: p: rsp:}), sent
 * with java.net.http; replies are read back with the project's own {@link EnvelopeReader}.
 */
final class WsmanTestClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private String operationTimeout = "PT20S";

    WsmanTestClient(String endpoint) {
        this.endpoint = URI.create(endpoint);
    }

    WsmanTestClient operationTimeout(String value) {
        this.operationTimeout = value;
        return this;
    }

    /** One reply: HTTP status, raw body, parsed envelope, and the MessageID of the request it answers. */
    record Reply(int status, String body, WsmanEnvelope envelope, String requestMessageId) {
        <T extends WsmanBody> T body(Class<T> type) {
            return assertInstanceOf(type, envelope.body(), body);
        }

        /** Asserts a Windows-style fault with this subcode and WSManFault code, answered with HTTP 500. */
        WsmanBody.Fault fault(String subcode, long code) {
            assertEquals(500, status, body);
            WsmanBody.Fault fault = body(WsmanBody.Fault.class);
            assertEquals(subcode, fault.subcode(), body);
            assertEquals(code, fault.wsmanFaultCode(), body);
            assertEquals(requestMessageId, envelope.header().relatesTo());
            return fault;
        }

        <T extends WsmanBody> T ok(WsmanAction action, Class<T> type) {
            assertEquals(200, status, body);
            assertEquals(action, envelope.action(), body);
            assertEquals(requestMessageId, envelope.header().relatesTo(), "RelatesTo echoes the request MessageID");
            assertTrue(envelope.header().messageId().startsWith("uuid:"), body);
            return body(type);
        }
    }

    Reply create() throws IOException, InterruptedException {
        return send(WsmanAction.Create, null, "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>");
    }

    String createShell() throws IOException, InterruptedException {
        return create().ok(WsmanAction.CreateResponse, WsmanBody.CreateResponse.class).shellId();
    }

    Reply command(String shellId, String commandIdAttribute, String command, String... arguments)
            throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("<rsp:CommandLine")
                .append(commandIdAttribute == null ? "" : " CommandId=\"" + commandIdAttribute + "\"")
                .append("><rsp:Command>").append(escape(command)).append("</rsp:Command>");
        for (String a : arguments) {
            body.append("<rsp:Arguments>").append(escape(a)).append("</rsp:Arguments>");
        }
        return send(WsmanAction.Command, shellId, body.append("</rsp:CommandLine>").toString());
    }

    String startCommand(String shellId, String command, String... arguments) throws IOException, InterruptedException {
        return command(shellId, null, command, arguments).ok(WsmanAction.CommandResponse, WsmanBody.CommandResponse.class)
                .commandId();
    }

    Reply sendStdin(String shellId, String commandId, byte[] data, boolean end) throws IOException, InterruptedException {
        return send(WsmanAction.Send, shellId, "<rsp:Send><rsp:Stream Name=\"stdin\" CommandId=\"" + commandId + "\""
                + (end ? " End=\"true\"" : "") + ">" + Base64.getEncoder().encodeToString(data) + "</rsp:Stream></rsp:Send>");
    }

    Reply receive(String shellId, String commandId) throws IOException, InterruptedException {
        return send(WsmanAction.Receive, shellId, "<rsp:Receive><rsp:DesiredStream CommandId=\"" + commandId
                + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>");
    }

    Reply signal(String shellId, String commandId, String code) throws IOException, InterruptedException {
        return send(WsmanAction.Signal, shellId, "<rsp:Signal CommandId=\"" + commandId + "\"><rsp:Code>"
                + WsmanNamespaces.SHELL + "/signal/" + code + "</rsp:Code></rsp:Signal>");
    }

    Reply delete(String shellId) throws IOException, InterruptedException {
        return send(WsmanAction.Delete, shellId, "");
    }

    Reply send(WsmanAction action, String shellId, String body) throws IOException, InterruptedException {
        String messageId = "uuid:" + UUID.randomUUID();
        String xml = new WsmanRequests(endpoint.toString()).envelope(action, messageId, shellId, body, operationTimeout);
        return post(xml, messageId);
    }

    Reply post(String xml, String messageId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(70))
                .POST(HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("application/soap+xml;charset=UTF-8", response.headers().firstValue("Content-Type").orElse(null));
        EnvelopeDecoded decoded = new EnvelopeReader().read(response.body().getBytes(StandardCharsets.UTF_8));
        var parsed = assertInstanceOf(EnvelopeDecoded.EnvelopeParsed.class, decoded, response.body());
        assertTrue(parsed.problems().isEmpty(), () -> parsed.problems() + " in " + response.body());
        return new Reply(response.statusCode(), response.body(), parsed.envelope(), messageId);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
