package dev.tapdeck.samples.winrm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP face of the emulated listener: path, method, content type, Basic authentication, body limit. */
class WinrmServerHttpTest {
    private static Vertx vertx;
    private static WinrmServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass").maxBodyBytes(4096));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.close(vertx);
    }

    private HttpResponse<String> post(String path, String contentType, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }

    @Test
    void basicAuthenticationIsRequiredWhenConfigured() throws Exception {
        for (String authorization : new String[] {null, basic("user", "wrong"), basic("other", "pass"), "Basic !!", "Negotiate TlRMTVNTUAAB"}) {
            HttpResponse<String> response = post("/wsman", WinrmServer.CONTENT_TYPE, authorization, "<x/>");
            assertEquals(401, response.statusCode(), String.valueOf(authorization));
            assertEquals("Basic realm=\"WSMAN\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals("", response.body());
        }
        new WsmanTestClient(server.endpoint()).create().ok(WsmanAction.CreateResponse, WsmanBody.CreateResponse.class);
    }

    @Test
    void onlyPostOfSoapToWsman() throws Exception {
        String auth = basic("user", "pass");
        assertEquals(404, post("/other", WinrmServer.CONTENT_TYPE, auth, "<x/>").statusCode());
        assertEquals(415, post("/wsman", "text/xml", auth, "<x/>").statusCode());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.endpoint())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
        // winrm4j's content type carries the SOAP action parameter
        assertEquals(500, post("/wsman", "application/soap+xml; action=\"x\"; charset=UTF-8", auth, "<x/>").statusCode());
    }

    @Test
    void aBodyOverTheLimitGetsEncodingLimit() throws Exception {
        HttpResponse<String> response = post("/wsman", WinrmServer.CONTENT_TYPE, basic("user", "pass"), "<x>" + "a".repeat(5000) + "</x>");
        assertEquals(500, response.statusCode());
        // the JDK client asks for h2c; a WinRM listener (HTTP.sys) stays on HTTP/1.1, and the upgraded connection
        // lost the fault to the close that follows it (51 of 400 runs)
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertTrue(response.body().contains("<s:Value>w:EncodingLimit</s:Value>"), response.body());
        assertTrue(response.body().contains("4096 bytes (the configured maxBodyBytes)"), response.body());
    }
}
