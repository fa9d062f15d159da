package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.ws.Opcode;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus metrics of the tap's event stream (README "Dashboards", {@code dashboards/grafana/tapdeck.json}
 * queries only these). Label values come from bounded sets (protocol, WS-Man action, opcode, rule id) and
 * are capped anyway by {@link LabelGuard}, so a hostile client cannot grow the registry.
 */
public final class TapMetrics {
    /** Latency buckets: WinRM Receives long-poll up to their OperationTimeout (60 s by default). */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};
    /** Requests waiting for their response, per session: a client pipelining more is not timed past it. */
    private static final int MAX_PENDING_PER_SESSION = 256;

    private record Pending(long offsetNanos, String protocol, String operation) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LabelGuard labels = new LabelGuard(100);
    private final Map<String, String> activeSessions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> openWebSockets = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Pending>> pending = new ConcurrentHashMap<>();
    private final java.util.Set<String> gauged = ConcurrentHashMap.newKeySet();

    public TapMetrics() {
        for (String protocol : new String[]{"winrm", "websocket"}) {
            activeGauge(protocol);
        }
        Gauge.builder("tapdeck.websocket.connections.active", openWebSockets, Map::size)
                .description("WebSocket connections upgraded and not yet closed").register(registry);
    }

    /** Backlog and failures of the recorder, read at each scrape. */
    public void watch(RecordingSink recorder) {
        Gauge.builder("tapdeck.recorder.queued.events", recorder, RecordingSink::queued)
                .description("Events waiting for the recorder's disk writer").register(registry);
        Gauge.builder("tapdeck.recorder.unavailable", recorder, r -> r.unavailable() == null ? 0 : 1)
                .description("1 while recordings cannot be written (a full disk, the directory limit)").register(registry);
        Gauge.builder("tapdeck.recorder.write.failed", recorder, r -> r.lastError() == null ? 0 : 1)
                .description("1 once a recording write failed since the start").register(registry);
        Gauge.builder("tapdeck.recorder.recordings.not.started", recorder, RecordingSink::recordingsNotStarted)
                .description("Sessions whose recording could not be started").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** Counts one event; {@code line} is its recording line (for the decoded WS-Man action and PSRP messages). */
    void record(TapEvent event, JsonNode line) {
        if (event instanceof TapEvent.SessionStarted s) {
            String protocol = labels.of("protocol", s.protocol());
            activeSessions.put(s.sessionId(), protocol);
            activeGauge(protocol);
            counter("tapdeck.sessions", "Client connections (sessions) started", "protocol", protocol).increment();
        } else if (event instanceof TapEvent.SessionEnded e) {
            activeSessions.remove(e.sessionId());
            openWebSockets.remove(e.sessionId());
            pending.remove(e.sessionId());
        } else if (event instanceof TapEvent.HttpMessageCaptured m) {
            http(m, line);
        } else if (event instanceof TapEvent.WsHandshakeRelayed h) {
            exchange("websocket", "Upgrade", h.verdict());
            violations(h.violations());
            if (h.upgraded()) {
                openWebSockets.put(h.sessionId(), Boolean.TRUE);
            }
        } else if (event instanceof TapEvent.WsChunkRelayed c) {
            bytes("websocket", c.direction(), c.bytes().length);
        } else if (event instanceof TapEvent.WsFrameDecoded f) {
            counter("tapdeck.frames", "WebSocket frames decoded", "protocol", "websocket",
                    "direction", f.direction().code(), "opcode", labels.of("opcode", Opcode.name(f.opcode()))).increment();
        } else if (event instanceof TapEvent.WsMessageAssembled m) {
            counter("tapdeck.messages", "WebSocket data messages and PSRP messages assembled", "protocol", "websocket",
                    "direction", m.direction().code(), "type", m.type().name()).increment();
        } else if (event instanceof TapEvent.WsViolationFound v) {
            violations(java.util.List.of(v.violation()));
        } else if (event instanceof TapEvent.TransportFailed f) {
            counter("tapdeck.transport.failures", "Upstream failures, limits crossed, aborted clients",
                    "what", labels.of("what", f.what())).increment();
        } else if (event instanceof TapEvent.CommandAudited a) {
            String state = a.record().outcome() == null || a.record().outcome().state() == null ? "unknown"
                    : a.record().outcome().state();
            counter("tapdeck.commands", "Commands run through the proxy (audit records)",
                    "outcome", labels.of("outcome", state), "complete", String.valueOf(a.record().complete())).increment();
        } else if (event instanceof TapEvent.PluginDecided d) {
            counter("tapdeck.plugin.decisions", "Plug-in decisions", "plugin", labels.of("plugin", d.plugin()),
                    "outcome", d.outcome().name()).increment();
        }
    }

    private void http(TapEvent.HttpMessageCaptured m, JsonNode line) {
        String protocol = activeSessions.getOrDefault(m.sessionId(), "winrm");
        String action = line.path("decoded").path("envelope").path("header").path("action").asText("");
        String operation = labels.of("operation", action.isEmpty() ? (m.head().isRequest() ? m.head().method() : "none") : action);
        bytes(protocol, m.direction(), m.body().length);
        violations(m.violations());
        for (JsonNode psrp : line.path("decoded").path("psrpMessages")) {
            counter("tapdeck.messages", "WebSocket data messages and PSRP messages assembled", "protocol", "psrp",
                    "direction", m.direction().code(), "type", labels.of("type", psrp.path("type").asText("?"))).increment();
        }
        if (m.direction() == Direction.CLIENT_TO_SERVER) {
            exchange(protocol, operation, m.verdict());
            Map<Integer, Pending> open = pending.computeIfAbsent(m.sessionId(), k -> new ConcurrentHashMap<>());
            if (m.verdict() == TapEvent.Verdict.FORWARDED && open.size() < MAX_PENDING_PER_SESSION) {
                open.put(m.exchange(), new Pending(m.offsetNanos(), protocol, operation));
            }
            return;
        }
        Map<Integer, Pending> open = pending.get(m.sessionId());
        Pending request = open == null ? null : open.remove(m.exchange());
        if (request != null && m.verdict() == TapEvent.Verdict.FORWARDED) {
            // the latency of an exchange: response event offset minus request event offset (one monotonic clock)
            Timer.builder("tapdeck.upstream.latency").description("Time from a request's arrival to its upstream response")
                    .serviceLevelObjectives(LATENCY_BUCKETS).tags("protocol", request.protocol(), "operation", request.operation())
                    .register(registry).record(Math.max(0, m.offsetNanos() - request.offsetNanos()), TimeUnit.NANOSECONDS);
        }
    }

    private void exchange(String protocol, String operation, TapEvent.Verdict verdict) {
        counter("tapdeck.exchanges", "Requests (WS-Man operations, WebSocket upgrades) and what the proxy did with them",
                "protocol", protocol, "operation", operation, "verdict", verdict.name()).increment();
    }

    private void bytes(String protocol, Direction direction, long n) {
        counter("tapdeck.bytes", "Bytes relayed (HTTP bodies, WebSocket stream bytes)", "protocol", protocol,
                "direction", direction.code()).increment(n);
    }

    private void violations(java.util.List<Violation> list) {
        for (Violation v : list) {
            counter("tapdeck.violations", "Rule occurrences by rule and severity", "rule", labels.of("rule", v.rule().id()),
                    "severity", v.severity().name()).increment();
        }
    }

    private void activeGauge(String protocol) {
        if (!gauged.add(protocol)) {
            return;
        }
        Gauge.builder("tapdeck.sessions.active", activeSessions, m -> m.values().stream().filter(protocol::equals).count())
                .description("Client connections (sessions) open now").tag("protocol", protocol).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
