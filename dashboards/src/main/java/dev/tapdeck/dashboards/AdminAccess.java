package dev.tapdeck.dashboards;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Who may use the admin listener. With a token, every request needs {@code Authorization: Bearer <token>} or
 * the cookie that {@code ?token=<token>} sets once (for browsers, which cannot add a header to a link or an
 * EventSource); the cookie holds an HMAC of the token, not the token. Without one (loopback only), requests
 * must name a loopback host, so a web page elsewhere cannot reach the listener by DNS rebinding.
 */
final class AdminAccess implements Handler<RoutingContext> {
    static final String COOKIE = "tapdeck_admin";

    private final byte[] token;
    private final String cookieValue;

    AdminAccess(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.cookieValue = token == null ? null : hmac(token);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (token == null) {
            if (!loopbackHost(req.authority() == null ? null : req.authority().host())) {
                ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain;charset=UTF-8")
                        .end("Tapdeck admin: this listener has no token and answers only to a loopback host name\n");
                return;
            }
            ctx.next();
            return;
        }
        String query = req.getParam("token");
        if (query != null) {
            if (!same(query.getBytes(StandardCharsets.UTF_8))) {
                refuse(ctx);
                return;
            }
            // once: the cookie carries on, and the token leaves the address bar and the history
            ctx.response().addCookie(Cookie.cookie(COOKIE, cookieValue).setHttpOnly(true).setPath("/")
                    .setSameSite(CookieSameSite.STRICT));
            ctx.response().setStatusCode(303).putHeader("Location", req.path() == null ? "/" : req.path()).end();
            return;
        }
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                && same(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        Cookie c = req.getCookie(COOKIE);
        if (c != null && MessageDigest.isEqual(c.getValue().getBytes(StandardCharsets.UTF_8),
                cookieValue.getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        refuse(ctx);
    }

    private boolean same(byte[] given) {
        return MessageDigest.isEqual(given, token); // constant time: the token is not guessed byte by byte
    }

    private static void refuse(RoutingContext ctx) {
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"tapdeck\"")
                .putHeader("Content-Type", "text/plain;charset=UTF-8")
                .end("Tapdeck admin: a token is required (Authorization: Bearer <token>, or open /?token=<token> once)\n");
    }

    private static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || AdminConfig.loopback(h);
    }

    private static String hmac(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("tapdeck-admin-cookie".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
