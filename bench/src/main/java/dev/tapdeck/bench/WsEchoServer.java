package dev.tapdeck.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The WebSocket upstream of the benchmarks: every text or binary message comes back unchanged as one frame.
 * Messages up to {@link #MAX_MESSAGE} bytes, so a 64 KiB message is one frame each way.
 */
final class WsEchoServer {
    static final String PATH = "/echo";
    static final int MAX_MESSAGE = 1024 * 1024;

    private WsEchoServer() {
    }

    static Future<HttpServer> start(Vertx vertx, String host, int port) {
        return vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(MAX_MESSAGE)
                        .setMaxWebSocketMessageSize(MAX_MESSAGE).setPerMessageWebSocketCompressionSupported(false))
                .webSocketHandler(ws -> {
                    if (!PATH.equals(ws.path())) {
                        ws.close((short) 1008, "no such path");
                        return;
                    }
                    ws.textMessageHandler(ws::writeTextMessage);
                    ws.binaryMessageHandler(ws::writeBinaryMessage);
                })
                .requestHandler(req -> req.response().setStatusCode(426).end())
                .listen(port, host);
    }
}
