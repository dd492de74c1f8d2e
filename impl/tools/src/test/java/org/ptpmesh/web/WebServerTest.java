package org.ptpmesh.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.analytics.AnalyticsStore;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.PtpserverCommand;
import org.ptpmesh.metrics.MetricsReport;
import org.ptpmesh.metrics.MetricsSnapshot;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.wire.Endpoint;

/** The JSON API, /metrics and the endpoint's limits, over real HTTP on loopback. */
class WebServerTest {

    static final String A = "aa".repeat(16);
    static final String B = "bb".repeat(16);
    static final String HOSTILE_META = "{\"note\":\"<img src=x onerror=alert(1)>\"}";
    static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ServerSnapshot snapshot = new ServerSnapshot(NOW, 2, 7, 40, 41, Map.of(), List.of(
            new ServerSnapshot.Row(A, "198.51.100.7:4000", "10.0.0.2:4000", 1, "ptpmesh", NOW - 1000, 12, 1, "198.51.100.7:3456", true),
            new ServerSnapshot.Row(B, "127.0.0.1:5000", "127.0.0.1:5000", -1, "ptptest", NOW - 2000, -1, -1, null, false)), Map.of(1, 1L, -1, 1L));
    private final Map<String, Long> drops = Map.of("rate_limited", 3L, "introducer_relay_quota", 1L);
    private ServerMetrics metrics;
    private WebServer server;

    @BeforeEach
    void store() throws Exception {
        try (AnalyticsStore s = AnalyticsStore.open(dir.resolve("a.db"))) {
            s.joined(A, NOW - 60_000, "198.51.100.7:4000", "10.0.0.2:4000", 1, "ptpmesh");
            s.joined(B, NOW - 60_000, "127.0.0.1:5000", "127.0.0.1:5000", -1, "ptptest");
            MetricsReport r = new MetricsReport(Endpoint.of("127.0.0.1", 5000), null, new MetricsSnapshot(10, 9, 8, 2, 20, 25.5, 10, 40, 1.5));
            s.report(A, NOW - 50_000, r);
            s.report(A, NOW - 10_000, r);
            s.latestMeta(B, NOW - 5_000, HOSTILE_META);
            s.dropsSinceOpen(Map.of("rate_limited", 3L));
            s.commit();
        }
        metrics = new ServerMetrics(() -> snapshot, () -> drops);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private WebServer start(String token) throws Exception {
        Dashboard d = new Dashboard(AnalyticsStore.open(dir.resolve("a.db")), () -> snapshot, () -> drops, () -> 0, metrics, () -> NOW);
        server = new WebServer(WebAddress.parse("0"), token, d, metrics);
        return server;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiStatsIsWhatStatsJsonPrints() throws Exception {
        start(null);
        StringWriter out = new StringWriter();
        int status = Cli.commandLine(new PtpserverCommand()).setOut(new PrintWriter(out))
                .execute("stats", "--json", "--db", dir.resolve("a.db").toString());
        assertThat(status).isZero();
        HttpResponse<String> r = get("/api/stats");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(mapper.readTree(r.body())).isEqualTo(mapper.readTree(out.toString()));
        assertThat(mapper.readTree(r.body()).get("clients")).hasSize(2);
    }

    @Test
    void apiStatsSeesRowsWrittenAfterTheServerStarted() throws Exception {
        start(null);
        // the dashboard's store was opened before this row was written, and not read since
        try (AnalyticsStore s = AnalyticsStore.open(dir.resolve("a.db"))) {
            s.report(A, NOW - 1_000, new MetricsReport(Endpoint.of("127.0.0.1", 5000), null, new MetricsSnapshot(1, 1, 1, 0, 5, 5, 5, 5, 0)));
            s.commit();
        }
        assertThat(mapper.readTree(get("/api/stats").body()).get("reports").asLong()).isEqualTo(3);
        // the new report shares its 30 s bucket with the one 9 s before it: the bucket averages them
        assertThat(mapper.readTree(get("/api/history?client=" + A).body()).get("points").get(1).get("rttMillis").asDouble())
                .isEqualTo((25.5 + 5) / 2);
    }

    @Test
    void apiLiveListsTheRegisteredClients() throws Exception {
        start(null);
        metrics.relayedFrom(A, 120);
        metrics.relayedFrom(A, 80);
        JsonNode live = mapper.readTree(get("/api/live").body());
        assertThat(live.get("clients").asInt()).isEqualTo(2);
        assertThat(live.get("publications").asLong()).isEqualTo(7);
        assertThat(live.get("drops").get("rate_limited").asLong()).isEqualTo(3);
        JsonNode a = live.get("registered").get(0);
        assertThat(a.get("id").asText()).isEqualTo(A);
        assertThat(a.get("nat").asText()).isEqualTo("easy");
        assertThat(a.get("translated").asBoolean()).isTrue();
        assertThat(a.get("mapped").asText()).as("its registration's UPNP said 1").isEqualTo("yes");
        assertThat(a.get("mappedAt").asText()).as("its MAPPEDADDR, where it is listed").isEqualTo("198.51.100.7:3456");
        assertThat(a.get("software").asText()).isEqualTo("ptpmesh");
        assertThat(a.get("keying").asText()).isEqualTo("keyed");
        assertThat(a.get("relayedDatagrams").asLong()).isEqualTo(2);
        assertThat(a.get("relayedBytes").asLong()).isEqualTo(200);
        JsonNode b = live.get("registered").get(1);
        assertThat(b.get("nat").asText()).isEqualTo("unreported");
        assertThat(b.get("translated").asBoolean()).isFalse();
        assertThat(b.get("mapped").asText()).as("its registration carried no UPNP").isEqualTo("not said");
        assertThat(b.get("mappedAt").isNull()).as("listed where its datagrams come from").isTrue();
        assertThat(b.get("software").asText()).isEqualTo("ptptest");
        assertThat(b.get("keying").asText()).isEqualTo("legacy");
        assertThat(b.get("relayedDatagrams").asLong()).isZero();
    }

    @Test
    void apiHistoryBucketsOneClientsReports() throws Exception {
        start(null);
        JsonNode h = mapper.readTree(get("/api/history?client=" + A + "&range=hour").body());
        assertThat(h.get("bucketMillis").asLong()).isEqualTo(3_600_000L / WebDefaults.HISTORY_POINTS);
        assertThat(h.get("points")).hasSize(2);
        assertThat(h.get("points").get(0).get("rttMillis").asDouble()).isEqualTo(25.5);
        // the first report has none before it to count new probes from; the second decided none since
        assertThat(h.get("points").get(0).get("lossRatio").isNull()).isTrue();
        assertThat(h.get("points").get(1).get("lossRatio").isNull()).isTrue();
        assertThat(mapper.readTree(get("/api/history?client=" + B + "&range=week").body()).get("points")).isEmpty();
        assertThat(get("/api/history?client=%3Cscript%3E").statusCode()).isEqualTo(400);
        assertThat(get("/api/history?client=" + A + "&range=year").statusCode()).isEqualTo(400);
    }

    @Test
    void metricsAreValidPrometheusTextWithEveryFamily() throws Exception {
        start(null);
        metrics.received(org.ptpmesh.wire.MessageKind.REGISTER);
        metrics.sent(org.ptpmesh.wire.MessageKind.RELAYED, 120);
        metrics.sent(null, 5);
        metrics.peerRttMillis(30);
        new ReportObserver(org.ptpmesh.rendezvous.RendezvousListener.NONE, metrics).measured(null, 4, NOW);
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(metrics.contentType());
        PrometheusText p = PrometheusText.parse(r.body());
        assertThat(p.types).containsEntry("ptpserver_clients", "gauge").containsEntry("ptpserver_drops_total", "counter")
                .containsEntry("ptpserver_peer_rtt_seconds", "histogram");
        assertThat(p.value("ptpserver_clients", Map.of("nat", "easy"))).isEqualTo(1);
        assertThat(p.value("ptpserver_clients", Map.of("nat", "unreported"))).isEqualTo(1);
        assertThat(p.value("ptpserver_clients", Map.of("nat", "hard"))).isZero();
        assertThat(p.value("ptpserver_drops_total", Map.of("reason", "rate_limited"))).isEqualTo(3);
        assertThat(p.value("ptpserver_drops_total", Map.of("reason", "introducer_relay_quota"))).isEqualTo(1);
        assertThat(p.value("ptpserver_publications_total", Map.of())).isEqualTo(7);
        assertThat(p.value("ptpserver_datagrams_received_total", Map.of("kind", "register"))).isEqualTo(1);
        assertThat(p.value("ptpserver_datagrams_sent_total", Map.of("kind", "relayed"))).isEqualTo(1);
        assertThat(p.value("ptpserver_datagrams_sent_total", Map.of("kind", ServerMetrics.UNKNOWN_KIND))).isEqualTo(1);
        assertThat(p.value("ptpserver_relay_datagrams_total", Map.of())).isEqualTo(1);
        assertThat(p.value("ptpserver_relay_bytes_total", Map.of())).isEqualTo(120);
        assertThat(p.value("ptpserver_peer_rtt_seconds_bucket", Map.of("le", "0.025"))).isZero();
        assertThat(p.value("ptpserver_peer_rtt_seconds_bucket", Map.of("le", "0.05"))).isEqualTo(1);
        assertThat(p.value("ptpserver_peer_rtt_seconds_sum", Map.of())).isEqualTo(0.03);
        assertThat(p.types).containsEntry("ptpserver_client_rtt_seconds", "histogram");
        assertThat(p.value("ptpserver_client_rtt_seconds_bucket", Map.of("le", "0.001"))).isZero();
        assertThat(p.value("ptpserver_client_rtt_seconds_bucket", Map.of("le", "0.005"))).isEqualTo(1);
        assertThat(p.value("ptpserver_client_rtt_seconds_count", Map.of())).isEqualTo(1);
    }

    @Test
    void theStrictParserRefusesWhatTheFormatDoesNotAllow() {
        assertThatThrownBy(() -> PrometheusText.parse("x 1\n")).hasMessageContaining("no TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=\"1\" 1\n")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx 1")).hasMessageContaining("line feed");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n"))
                .hasMessageContaining("cumulative");
    }

    @Test
    void aTokenGuardsTheDataButNotThePagesOwnFiles() throws Exception {
        start("s3cret");
        assertThat(get("/api/live").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/api/stats", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void aNonLoopbackAddressWithoutATokenIsRefused() {
        Dashboard d = new Dashboard(null, () -> snapshot, () -> drops, () -> 0, metrics, () -> NOW);
        assertThatThrownBy(() -> new WebServer(WebAddress.parse("0.0.0.0:0"), null, d, metrics))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-token");
    }

    @Test
    void itIsReadOnlyAndBounded() throws Exception {
        start(null);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + "/api/live")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/api/live?" + "x".repeat(WebDefaults.MAX_REQUEST_TARGET_CHARS)).statusCode()).isEqualTo(414);
        assertThat(raw("GET /api/live HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")).startsWith("HTTP/1.1 413");
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageIsServedWithAPolicyAgainstForeignScriptAndBuildsNoMarkupFromData() throws Exception {
        start(null);
        HttpResponse<String> page = get("/");
        assertThat(page.body()).contains("<script src=\"app.js\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("default-src 'self'"));
        String js = get("/app.js").body();
        assertThat(js).contains("textContent").doesNotContain("innerHTML").doesNotContain("outerHTML")
                .doesNotContain("insertAdjacentHTML").doesNotContain("document.write");
        // nothing from elsewhere: the one address in them is SVG's namespace, a name that is never fetched
        assertThat((js + page.body()).replace("\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://")
                .doesNotContain("https://").doesNotContain("//cdn");
    }

    @Test
    void theMatrixIsCappedByTheServerWhichSaysHowManyItLeftOut() throws Exception {
        int n = WebDefaults.MATRIX_CLIENTS + 8;
        List<ServerSnapshot.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ServerSnapshot.Row(String.format("%032x", i), "192.0.2.1:" + (1000 + i), "10.0.0.1:" + (1000 + i), 1,
                    "ptpmesh", NOW, 5, -1, null, true));
        }
        ServerSnapshot big = new ServerSnapshot(NOW, n, 0, 0, 0, Map.of(), rows, Map.of(1, (long) n));
        String first = rows.get(0).id();
        String last = rows.get(n - 1).id();
        try (AnalyticsStore s = AnalyticsStore.open(dir.resolve("a.db"))) {
            MetricsSnapshot m = new MetricsSnapshot(10, 10, 9, 1, 4, 4.5, 3, 6, 0.5);
            // one peer named by the address it was measured at, one by id, one beyond the cap
            s.report(first, NOW - 1_000, new MetricsReport(Endpoint.of("192.0.2.1", 1001), null, m));
            s.report(first, NOW - 1_000, new MetricsReport(Endpoint.of("10.0.0.1", 1002), java.util.HexFormat.of().parseHex(rows.get(2).id()), m));
            s.report(first, NOW - 1_000, new MetricsReport(Endpoint.of("192.0.2.1", 1000 + n - 1), null, m));
            s.report(last, NOW - 1_000, new MetricsReport(Endpoint.of("192.0.2.1", 1000), null, m));
            s.commit();
        }
        server = new WebServer(WebAddress.parse("0"), null,
                new Dashboard(AnalyticsStore.open(dir.resolve("a.db")), () -> big, () -> drops, () -> 0, metrics, () -> NOW), metrics);
        JsonNode matrix = mapper.readTree(get("/api/matrix").body());
        assertThat(matrix.get("clients")).hasSize(WebDefaults.MATRIX_CLIENTS);
        assertThat(matrix.get("clients").get(0).asText()).isEqualTo(first);
        assertThat(matrix.get("leftOut").asInt()).isEqualTo(8);
        assertThat(matrix.get("cells")).extracting(c -> c.get("reporter").asText().substring(30) + ">" + c.get("peer").asText().substring(30))
                .containsExactlyInAnyOrder("00>01", "00>02");
        assertThat(matrix.get("cells").get(0).get("lossRatio").asDouble()).isEqualTo(0.1);
    }

    @Test
    void pastMaxInFlightRequestsTheNextIsAnswered503AtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // every /api/live waits in the snapshot until released: MAX_IN_FLIGHT of them hold the
        // handler threads and fill the queue behind them
        startHeldUntil(release);
        HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < WebDefaults.MAX_IN_FLIGHT; i++) {
            held.add(http11.sendAsync(request("/api/live").build(), HttpResponse.BodyHandlers.ofString()));
        }
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.inFlight() < WebDefaults.MAX_IN_FLIGHT) {
                assertThat(System.nanoTime()).as("requests in flight: %d", server.inFlight()).isLessThan(deadline);
                Thread.sleep(10);
            }
            HttpResponse<String> busy = http11.send(request("/metrics").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.body()).contains("busy");
        } finally {
            release.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> r : held) {
            assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(get("/api/live").statusCode()).as("the limit frees as requests end").isEqualTo(200);
    }

    /**
     * Past MAX_IN_FLIGHT, slow connections (a head never finished) wait for the one thread that
     * answers 503; past MAX_WAITING_REFUSALS of them the next is closed at once, so a flood
     * costs a bounded queue.
     */
    @Test
    void pastTheRefusalQueueASlowConnectionIsClosedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        startHeldUntil(release);
        HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        List<java.net.Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < WebDefaults.MAX_IN_FLIGHT; i++) {
                held.add(http11.sendAsync(request("/api/live").build(), HttpResponse.BodyHandlers.ofString()));
            }
            awaitTrue(() -> server.inFlight() == WebDefaults.MAX_IN_FLIGHT, "requests in flight");
            // one slow connection holds the refusing thread, the next ones wait for it
            for (int i = 0; i <= WebDefaults.MAX_WAITING_REFUSALS; i++) {
                slow.add(slowRequest());
            }
            awaitTrue(() -> server.refusalsWaiting() == WebDefaults.MAX_WAITING_REFUSALS, "refusals waiting");
            try (java.net.Socket oneMore = slowRequest()) {
                oneMore.setSoTimeout(5_000);
                long started = System.nanoTime();
                assertThat(readOrReset(oneMore)).as("closed without an answer").isEqualTo(-1);
                assertThat(System.nanoTime() - started).as("at once, not after the request timeout")
                        .isLessThan(WebDefaults.REQUEST_SECONDS * 1_000_000_000L / 2);
            }
            assertThat(server.refusalsWaiting()).isEqualTo(WebDefaults.MAX_WAITING_REFUSALS);
        } finally {
            release.countDown();
            for (java.net.Socket s : slow) {
                s.close();
            }
        }
        for (CompletableFuture<HttpResponse<String>> r : held) {
            assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    /** The first byte, or -1 for a connection closed: by a FIN, or by a reset (the server closed it with our request unread). */
    private static int readOrReset(java.net.Socket s) throws IOException {
        try {
            return s.getInputStream().read();
        } catch (java.net.SocketException e) {
            assertThat(e.getMessage()).contains("reset");
            return -1;
        }
    }

    /** Starts a server whose /api/live answers only once {@code release} is counted down. */
    private void startHeldUntil(CountDownLatch release) throws Exception {
        Dashboard d = new Dashboard(AnalyticsStore.open(dir.resolve("a.db")), () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return snapshot;
        }, () -> drops, () -> 0, metrics, () -> NOW);
        server = new WebServer(WebAddress.parse("0"), null, d, metrics);
    }

    private java.net.Socket slowRequest() throws IOException {
        java.net.Socket s = new java.net.Socket("127.0.0.1", server.address().getPort());
        s.getOutputStream().write("GET /api/live HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A client that starts a request and never finishes it is cut off, so it cannot keep a handler thread. */
    @Test
    void aRequestSentTooSlowlyIsCutOff() throws Exception {
        start(null);
        try (java.net.Socket slow = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            slow.getOutputStream().write("GET /api/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout((WebDefaults.REQUEST_SECONDS + 5) * 1000);
            long started = System.nanoTime();
            assertThat(slow.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(System.nanoTime() - started).as("within the limit and the JDK's 1 s timer")
                    .isLessThan((WebDefaults.REQUEST_SECONDS + 3) * 1_000_000_000L);
        }
        assertThat(get("/api/live").statusCode()).as("the server still answers").isEqualTo(200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path));
    }

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
