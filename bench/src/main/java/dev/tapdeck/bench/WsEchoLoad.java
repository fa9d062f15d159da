package dev.tapdeck.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * N WebSocket connections, each sending one binary message of {@code size} bytes (masked, as clients must)
 * and waiting for its echo before the next, until the window stops. A message is timed from its write to the
 * end of its echo.
 */
final class WsEchoLoad {
    private WsEchoLoad() {
    }

    static Future<Void> run(Vertx vertx, URI url, int connections, int size, Window window) {
        WebSocketClient client = client(vertx);
        byte[] bytes = new byte[size];
        new Random(17).nextBytes(bytes);
        Buffer payload = Buffer.buffer(bytes);
        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Promise<Void> done = Promise.promise();
            client.connect(connectOptions(url)).onComplete(ar -> {
                if (ar.failed()) {
                    window.failed();
                    done.complete();
                } else {
                    pingPong(ar.result(), payload, window, done);
                }
            });
            all.add(done.future());
        }
        return Future.join(all).<Void>mapEmpty().eventually(client::close);
    }

    static WebSocketClient client(Vertx vertx) {
        return vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(WsEchoServer.MAX_MESSAGE)
                .setMaxMessageSize(WsEchoServer.MAX_MESSAGE).setMaxConnections(100_000).setConnectTimeout(30_000));
    }

    static WebSocketConnectOptions connectOptions(URI url) {
        return new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort()).setURI(url.getRawPath());
    }

    private static void pingPong(WebSocket ws, Buffer payload, Window window, Promise<Void> done) {
        long[] sentAt = new long[1];
        Runnable next = () -> {
            sentAt[0] = System.nanoTime();
            ws.writeBinaryMessage(payload);
        };
        ws.binaryMessageHandler(echo -> {
            if (echo.length() != payload.length()) {
                window.failed();
            } else {
                window.completed(sentAt[0], payload.length(), echo.length());
            }
            if (window.stopped()) {
                ws.close().onComplete(v -> done.tryComplete());
            } else {
                next.run();
            }
        });
        ws.exceptionHandler(e -> window.failed());
        ws.closeHandler(v -> done.tryComplete());
        next.run();
    }
}
