package org.ptpmesh.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * ptpserver's read-only HTTP endpoint: the dashboard page (static files bundled in the jar), its
 * JSON API and {@code /metrics}. With a token, every data endpoint wants {@code Authorization:
 * Bearer TOKEN}; the page's own files hold no data and are served to anyone who can connect.
 */
public final class WebServer implements AutoCloseable {

    static {
        // The JDK's HTTP server reads its time limits once, when the first server of the JVM is
        // made, and has none by default: a client that sends its request a byte a minute would
        // hold a handler thread for ever. A value already set (by -D) is left as it is.
        limit("sun.net.httpserver.maxReqTime");
        limit("sun.net.httpserver.maxRspTime");
    }

    private static void limit(String property) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(WebDefaults.REQUEST_SECONDS));
        }
    }

    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");

    private final HttpServer http;
    private final ExecutorService threads;
    /** One thread that answers 503 to what comes past the limit: it reads a request head and writes a line, nothing waits on data. */
    private final ThreadPoolExecutor refuser;
    private final Dashboard dashboard;
    private final ServerMetrics metrics;
    private final byte[] token;
    /** Requests taken from the dispatcher and not yet answered, whether handled or waiting for a handler thread. */
    private final Semaphore inFlight = new Semaphore(WebDefaults.MAX_IN_FLIGHT);
    /** Set on the refuser's thread while it runs a request: the handler then answers 503. */
    private static final ThreadLocal<Boolean> REFUSING = ThreadLocal.withInitial(() -> false);

    /**
     * @param token the bearer token data endpoints want, or null for none (loopback only)
     * @throws IllegalArgumentException a non-loopback address without a token
     */
    public WebServer(WebAddress address, String token, Dashboard dashboard, ServerMetrics metrics) throws IOException {
        if (!address.loopback() && (token == null || token.isEmpty())) {
            throw new IllegalArgumentException("--http on a non-loopback address (" + address.socket().getAddress().getHostAddress()
                    + ") needs --http-token: anyone who reaches it would read the clients' addresses");
        }
        this.dashboard = dashboard;
        this.metrics = metrics;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.http = HttpServer.create(address.socket(), WebDefaults.MAX_IN_FLIGHT);
        this.threads = Executors.newFixedThreadPool(WebDefaults.HANDLER_THREADS, r -> daemon(r, "ptpserver-http"));
        // Rejected past the queue's bound: the JDK's dispatcher then closes the connection.
        this.refuser = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(WebDefaults.MAX_WAITING_REFUSALS), r -> daemon(r, "ptpserver-http-busy"),
                new ThreadPoolExecutor.AbortPolicy());
        http.setExecutor(this::dispatch);
        http.createContext("/", this::handle);
        http.start();
    }

    /** Where it listens (the port chosen when 0 was given). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Counts a request in flight from the moment the dispatcher hands it over, not when a handler
     * thread takes it: counted there, the handler threads would be the only limit and any number
     * of requests could wait for them. Past the limit it goes to the refuser, which answers 503.
     */
    private void dispatch(Runnable exchange) {
        if (inFlight.tryAcquire()) {
            threads.execute(() -> {
                try {
                    exchange.run();
                } finally {
                    inFlight.release();
                }
            });
        } else {
            refuser.execute(() -> {
                REFUSING.set(true);
                try {
                    exchange.run();
                } finally {
                    REFUSING.set(false);
                }
            });
        }
    }

    /** Connections waiting for the thread that answers 503 (for tests). */
    int refusalsWaiting() {
        return refuser.getQueue().size();
    }

    /** Requests in flight now (for tests). */
    int inFlight() {
        return WebDefaults.MAX_IN_FLIGHT - inFlight.availablePermits();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (REFUSING.get()) {
                reply(ex, 503, "text/plain", "busy: more than " + WebDefaults.MAX_IN_FLIGHT + " requests at once\n");
            } else {
                route(ex);
            }
        } catch (RuntimeException | SQLException e) {
            reply(ex, 500, "text/plain", "error: " + e.getClass().getSimpleName() + "\n");
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException, SQLException {
        String method = ex.getRequestMethod();
        String target = ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        if (target.length() > WebDefaults.MAX_REQUEST_TARGET_CHARS) {
            reply(ex, 414, "text/plain", "request target longer than " + WebDefaults.MAX_REQUEST_TARGET_CHARS + " characters\n");
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            reply(ex, 405, "text/plain", "read-only: GET and HEAD only\n");
        } else if (hasBody(ex)) {
            reply(ex, 413, "text/plain", "a request body is not accepted\n");
        } else if (STATIC.containsKey(ex.getRequestURI().getRawPath())) {
            file(ex, STATIC.get(ex.getRequestURI().getRawPath()));
        } else if (!authorized(ex)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            reply(ex, 401, "text/plain", "this server wants Authorization: Bearer <--http-token>\n");
        } else {
            data(ex, ex.getRequestURI().getRawPath(), query(ex.getRequestURI().getRawQuery()));
        }
    }

    private void data(HttpExchange ex, String path, Map<String, String> query) throws IOException, SQLException {
        switch (path) {
            case "/api/live" -> json(ex, dashboard.live());
            case "/api/stats" -> json(ex, dashboard.stats());
            case "/api/matrix" -> json(ex, dashboard.matrix());
            case "/api/history" -> {
                try {
                    json(ex, dashboard.history(query.get("client"), query.get("range")));
                } catch (IllegalArgumentException e) {
                    reply(ex, 400, "text/plain", e.getMessage() + "\n");
                }
            }
            case "/metrics" -> {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                metrics.write(body);
                reply(ex, 200, metrics.contentType(), body.toByteArray());
            }
            default -> reply(ex, 404, "text/plain", "no such page; see docs/analytics.md\n");
        }
    }

    private boolean authorized(HttpExchange ex) {
        if (token == null) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        // compared in constant time: the time taken tells nothing of how much of a guess was right
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasBody(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        return ex.getRequestHeaders().containsKey("Transfer-Encoding")
                || (length != null && !length.trim().equals(String.valueOf(WebDefaults.MAX_REQUEST_BODY_BYTES)));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void file(HttpExchange ex, String name) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream(name)) {
            if (in == null) {
                reply(ex, 404, "text/plain", "missing from the jar: " + name + "\n");
                return;
            }
            String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
            reply(ex, 200, type + "; charset=utf-8", in.readAllBytes());
        }
    }

    private static void json(HttpExchange ex, ObjectNode node) throws IOException {
        reply(ex, 200, "application/json", node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        reply(ex, status, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        // the page's own files only: no inline script, nothing from elsewhere, no framing
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        h.set("Referrer-Policy", "no-referrer");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        http.stop(0);
        threads.shutdownNow();
        refuser.shutdownNow();
        dashboard.close();
    }
}
