package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminServerTest {
    private static final String TOKEN = "a-test-token-of-32-characters-xx";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private final DashboardSink dashboards = new DashboardSink();
    private AdminServer server;

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private String start(AdminConfig config) throws Exception {
        server = new AdminServer(config, dashboards, "test");
        vertx.deployVerticle(server).await(30, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNonLoopbackListenerRefusesEveryRequestWithoutTheToken() throws Exception {
        String base = start(new AdminConfig("0.0.0.0", 0, TOKEN, dir));
        for (String path : new String[]{"/", "/assets/app.js", "/api/sessions", "/api/audit?format=csv", "/api/events", "/metrics",
                "/api/recordings", "/no-such-page"}) {
            HttpResponse<String> r = get(base + path);
            assertEquals(401, r.statusCode(), path);
            assertEquals("Bearer realm=\"tapdeck\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals(401, get(base + path, "Authorization", "Bearer wrong-token-wrong-token-wrong").statusCode(), path);
            assertEquals(401, get(base + path, "Cookie", AdminAccess.COOKIE + "=" + TOKEN).statusCode(), "the cookie is not the token");
        }
        assertEquals(200, get(base + "/api/sessions", "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, get(base + "/metrics", "Authorization", "Bearer " + TOKEN).statusCode());

        // a browser opens ?token= once; the cookie carries on and the token leaves the address
        HttpResponse<String> once = get(base + "/?token=" + TOKEN);
        assertEquals(303, once.statusCode());
        assertEquals("/", once.headers().firstValue("Location").orElse(null));
        String cookie = once.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && cookie.contains("SameSite=Strict") && !cookie.contains(TOKEN), cookie);
        String pair = cookie.substring(0, cookie.indexOf(';'));
        HttpResponse<String> page = get(base + "/", "Cookie", pair);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Tapdeck</title>"));
        assertEquals(401, get(base + "/?token=nope").statusCode());
    }

    @Test
    void onlyLoopbackMayGoWithoutAToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdminConfig("0.0.0.0", 9090, null, null));
        assertTrue(e.getMessage().contains("needs an access token"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AdminConfig("admin.example", 9090, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AdminConfig("127.0.0.1", 9090, "short", null));
        assertTrue(AdminConfig.loopback("127.0.0.1") && AdminConfig.loopback("::1") && AdminConfig.loopback("[::1]")
                && AdminConfig.loopback("localhost") && !AdminConfig.loopback("10.0.0.1"));
    }

    @Test
    void aLoopbackListenerWithoutTokenAnswersOnlyToLoopbackHostNames() throws Exception {
        String base = start(AdminConfig.loopback(0, dir));
        assertEquals(200, get(base + "/api/status").statusCode());
        // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host
        java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
        s.getOutputStream().write("GET /api/sessions HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        s.close();
        assertEquals("HTTP/1.1 403 Forbidden", status);
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void theApiServesSessionsEventsAuditAndRecordings() throws Exception {
        String base = start(AdminConfig.loopback(0, dir));
        TapTraffic.winrm().forEach(dashboards::accept);
        TapTraffic.webSocket().forEach(dashboards::accept);
        ObjectMapper json = new ObjectMapper();

        JsonNode sessions = json.readTree(get(base + "/api/sessions").body());
        assertEquals(2, sessions.size());
        assertEquals(TapTraffic.WINRM, json.readTree(get(base + "/api/sessions?protocol=winrm").body()).path(0).path("id").asText());
        assertEquals(1, json.readTree(get(base + "/api/sessions?q=SEND_COMMANDID").body()).size());
        JsonNode events = json.readTree(get(base + "/api/sessions/" + TapTraffic.WINRM + "/events?after=13").body());
        assertEquals(2, events.path("events").size());
        assertEquals("plugin", events.path("events").path(0).path("type").asText());
        assertEquals(400, get(base + "/api/sessions/" + TapTraffic.WINRM + "/events?after=x").statusCode());
        assertEquals(404, get(base + "/api/sessions/unknown").statusCode());

        JsonNode audit = json.readTree(get(base + "/api/audit?q=auditor").body());
        assertEquals(1, audit.size());
        assertEquals("hello\r\n", audit.path(0).path("input").path("text").asText());
        assertEquals(0, json.readTree(get(base + "/api/audit?q=nobody").body()).size());
        HttpResponse<String> csv = get(base + "/api/audit?format=csv");
        assertEquals("attachment; filename=\"tapdeck-audit.csv\"", csv.headers().firstValue("Content-Disposition").orElse(null));
        String[] lines = csv.body().split("\r\n");
        assertEquals(String.join(",", AuditExport.COLUMNS), lines[0]);
        // a command text a spreadsheet would run as a formula is defused
        assertTrue(lines[1].contains("\"'=cmd|calc /c dir\""), lines[1]);
        assertTrue(csv.body().contains(",\"hello\r\n\","), csv.body());

        Path rec = Files.writeString(dir.resolve("abc.tdrec.jsonl"), "{\"format\":\"tapdeck-recording\",\"version\":1,\"type\":\"header\","
                + "\"sessionId\":\"abc\",\"seq\":0,\"t\":0,\"protocol\":\"winrm\",\"client\":\"c\",\"upstream\":\"u\",\"startedAt\":\"2026-01-01T00:00:00Z\"}\n"
                + "{\"seq\":1,\"t\":5,\"type\":\"end\",\"reason\":\"r\",\"exchanges\":0,\"bytes\":{\"c2s\":0,\"s2c\":0}}\n");
        Files.writeString(dir.resolve("secret.txt"), "not a recording");
        JsonNode list = json.readTree(get(base + "/api/recordings").body());
        assertEquals(1, list.size());
        assertEquals("abc.tdrec.jsonl", list.path(0).path("name").asText());
        assertTrue(list.path(0).path("ended").asBoolean());
        JsonNode opened = json.readTree(get(base + "/api/recordings/abc.tdrec.jsonl").body());
        assertEquals(1, opened.path("total").asInt());
        assertTrue(opened.path("session").path("ended").asBoolean());
        HttpResponse<String> download = get(base + "/api/recordings/abc.tdrec.jsonl/download");
        assertEquals(Files.readString(rec), download.body());
        JsonNode har = json.readTree(get(base + "/api/recordings/abc.tdrec.jsonl/export?format=har").body());
        assertEquals("1.2", har.path("log").path("version").asText());
        HttpResponse<String> pcap = get(base + "/api/recordings/abc.tdrec.jsonl/export?format=pcapng");
        assertEquals(200, pcap.statusCode());
        assertEquals("attachment; filename=\"abc.pcapng\"", pcap.headers().firstValue("Content-Disposition").orElse(null));
        assertEquals(400, get(base + "/api/recordings/abc.tdrec.jsonl/export?format=zip").statusCode());
        for (String bad : new String[]{"secret.txt", "..%2Fsecret.txt", "%2E%2E%2Fabc.tdrec.jsonl", "x.tdrec.jsonl"}) {
            assertEquals(404, get(base + "/api/recordings/" + bad + "/download").statusCode(), bad);
        }
    }

    @Test
    void theLiveFeedPushesRowsAuditRowsAndTheWatchedSessionsLines() throws Exception {
        String base = start(AdminConfig.loopback(0, dir));
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events?session=" + TapTraffic.WINRM)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream;charset=UTF-8", r.headers().firstValue("Content-Type").orElse(null));
        BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        assertEquals("retry: 2000", in.readLine()); // subscribed once the first bytes arrive
        TapTraffic.winrm().forEach(dashboards::accept);
        TapTraffic.webSocket().forEach(dashboards::accept);
        java.util.Set<String> seen = new java.util.HashSet<>();
        int lines = 0;
        String event = null;
        while (!(seen.contains("session " + TapTraffic.WS) && seen.contains("audit") && lines == 16)) {
            String l = in.readLine();
            if (l == null) {
                throw new AssertionError("the feed ended; seen " + seen + ", " + lines + " lines");
            }
            if (l.startsWith("event: ")) {
                event = l.substring(7);
            } else if (l.startsWith("data: ")) {
                JsonNode data = new ObjectMapper().readTree(l.substring(6));
                if ("line".equals(event)) {
                    lines++;
                    assertTrue(data.has("seq") && data.has("type"), l);
                    assertTrue(!data.has("sessionId") || TapTraffic.WINRM.equals(data.path("sessionId").asText()), l);
                } else {
                    seen.add(event.equals("session") ? "session " + data.path("id").asText() : event);
                }
            }
        }
        r.body().close();
    }
}
