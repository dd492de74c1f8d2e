package org.ptpmesh.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.analytics.AnalyticsStore;
import org.ptpmesh.rendezvous.ServerSnapshot;

/**
 * The dashboard in a real browser: the packaged ptpserver with {@code --http} and three ptpclients
 * on loopback, the page opened by headless Chromium (Debian's; {@code ci/test} installs it), its
 * DOM read after the scripts ran ({@code --dump-dom}), a screenshot taken, and the page kept open
 * (read through the DevTools protocol) while a client leaves. The server wants a
 * token, as it must off loopback, and the page takes it from its address. Skips where Chromium is
 * missing.
 */
class DashboardBrowserIT {

    private static final Path BIN = Path.of("target", "bin").toAbsolutePath();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOT = Path.of("target", "dashboard-it.png").toAbsolutePath();
    /** A client-controlled value with markup in it: the page must show it as these characters. */
    private static final String HOSTILE_META = "{\"note\":\"<img id=injected src=x onerror=alert(1)>\"}";
    /** The server is started with a token, as off loopback: the page has it from its address's fragment. */
    private static final String TOKEN = "it-token-7f3a";
    private static final Pattern CLIENT_ID = Pattern.compile("data-id=\"([0-9a-f]{32})\"");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private int httpPort;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void thePageShowsClientsMatrixAndPlotsAndFollowsADeparture() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + " (ci/test installs Debian's chromium package)");
        int udp = freeUdpPair();
        httpPort = freeTcpPort();
        Path db = dir.resolve("server.db");
        start("server", BIN.resolve("ptpserver").toString(), "-s", "127.0.0.1", "-p", String.valueOf(udp), "--db", db.toString(),
                "--http", String.valueOf(httpPort), "--http-token", TOKEN);
        await("the API answers", () -> api("/api/live"), live -> live != null);
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(start("client" + i, BIN.resolve("ptpclient").toString(), "-s", "127.0.0.1", "-p", String.valueOf(udp),
                    "--nostun", "--register-every", "1s", "--identity", dir.resolve("client" + i + "/identity").toString()));
        }
        await("three registered clients", () -> api("/api/live"), live -> live.get("registered").size() == 3);
        await("each client's report on each other", () -> api("/api/stats"), stats -> stats.get("pairs").size() >= 6);
        storeHostileMeta(db);
        PrometheusText metrics = PrometheusText.parse(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/metrics")).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(metrics.value("ptpserver_clients", java.util.Map.of("nat", "unknown"))).isEqualTo(3);
        assertThat(metrics.value("ptpserver_datagrams_received_total", java.util.Map.of("kind", "register"))).isGreaterThan(3);
        assertThat(metrics.value("ptpserver_datagrams_sent_total", java.util.Map.of("kind", "list"))).isPositive();
        assertThat(metrics.value("ptpserver_peer_rtt_seconds_count", java.util.Map.of())).isPositive();
        assertThat(metrics.value("ptpserver_client_rtt_seconds_count", java.util.Map.of())).as("echoes of lists measured").isPositive();

        assertThat(chromium("/", "--dump-dom")).as("the page without the token").contains("cannot update: api/").contains(": HTTP 401")
                .doesNotContain("data-id=");
        String dom = dumpDom();
        Set<String> shown = ids(dom);
        assertThat(shown).as("client rows in\n%s", dom).hasSize(3);
        assertThat(count(dom, "class=\"q-(good|fair|poor) cell\"")).as("matrix cells with a quality").isEqualTo(6);
        assertThat(dom).contains("class=\"line rtt\"").contains("class=\"line loss\"");
        assertThat(dom).as("the META's markup, shown as text").contains("&lt;img id=injected src=x onerror=alert(1)&gt;")
                .doesNotContain("<img");

        screenshot();
        BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
        assertThat(image.getWidth()).isEqualTo(1300);
        assertThat(colours(image)).as("distinct colours in the screenshot (a blank page has one)").isGreaterThan(20);

        // the page stays open while a client leaves: it must follow by itself, without a reload
        try (DevToolsPage page = DevToolsPage.open(flags(), "http://127.0.0.1:" + httpPort + "/#token=" + TOKEN, dir)) {
            String rows = "document.querySelectorAll('#clients tbody tr').length";
            awaitPage(page, rows, 3);
            // the plots come after the tables, once the chosen client's history has arrived
            awaitPage(page, "document.querySelectorAll('#plot-rtt path.line').length", 1);
            Process leaving = clients.get(0);
            leaving.destroy();
            assertThat(leaving.waitFor(10, TimeUnit.SECONDS)).as("the client stops on SIGTERM").isTrue();
            awaitPage(page, rows, 2);
            awaitPage(page, "document.querySelectorAll('#matrix td.cell').length", 2);
        }
        await("two registered clients", () -> api("/api/live"), live -> live.get("registered").size() == 2);
        String after = dumpDom();
        Set<String> left = ids(after);
        assertThat(left).hasSize(2).isSubsetOf(shown);
        assertThat(count(after, "class=\"q-(good|fair|poor) cell\"")).isEqualTo(2);
    }

    @Test
    void aLargeMeshIsShownInPartAndThePageSaysHowMuch() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + " (ci/test installs Debian's chromium package)");
        // 1,500 registered, the snapshot listing the first 40 (as it lists the first 1000 of a larger mesh)
        List<ServerSnapshot.Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // not translated (one address), and a UPNP of 1, 0 or none in turn
            rows.add(new ServerSnapshot.Row(String.format("%032x", i), "192.0.2.1:" + (1000 + i), "192.0.2.1:" + (1000 + i), 1,
                    "ptpmesh", System.currentTimeMillis(), 5, i % 3 - 1, null, i % 2 == 0));
        }
        ServerSnapshot big = new ServerSnapshot(System.currentTimeMillis(), 1500, 0, 0, 0, Map.of(), rows, Map.of(1, 1500L));
        ServerMetrics metrics = new ServerMetrics(() -> big, Map::of);
        try (WebServer web = new WebServer(WebAddress.parse("0"), null, new Dashboard(AnalyticsStore.open(dir.resolve("big.db")),
                () -> big, Map::of, () -> 0, metrics, System::currentTimeMillis), metrics)) {
            httpPort = web.address().getPort();
            String dom = chromium("/", "--dump-dom");
            assertThat(dom).contains("(1500; the first 40 listed)");
            assertThat(count(dom, "<tr><th title=")).as("matrix rows").isEqualTo(WebDefaults.MATRIX_CLIENTS);
            assertThat(dom).contains("the first " + WebDefaults.MATRIX_CLIENTS + " clients; " + (1500 - WebDefaults.MATRIX_CLIENTS)
                    + " more not shown");
            assertThat(count(dom, "<td>not said</td>")).isEqualTo(14);
            assertThat(count(dom, "<td>yes</td>")).as("UPnP mapped").isEqualTo(13);
            assertThat(count(dom, "<td>no</td>")).as("not translated, and UPnP not mapped").isEqualTo(40 + 13);
        }
    }

    private Process start(String name, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        processes.add(p);
        return p;
    }

    private void storeHostileMeta(Path db) throws Exception {
        try (AnalyticsStore s = AnalyticsStore.open(db)) {
            // opening reads, which leaves a read transaction open: a write in it fails once the server wrote since
            s.commit();
            String id = "cc".repeat(16);
            s.joined(id, System.currentTimeMillis(), "127.0.0.1:9", "127.0.0.1:9", -1, "ptptest");
            s.latestMeta(id, System.currentTimeMillis(), HOSTILE_META);
            s.commit();
        }
    }

    private JsonNode api(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                            .header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? mapper.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void await(String what, java.util.function.Supplier<JsonNode> probe, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (last != null && done.test(last)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + what + " within 60 s; last answer " + last + "\nserver: "
                + Files.readString(dir.resolve("server.out")) + Files.readString(dir.resolve("server.err")));
    }

    private static void awaitPage(DevToolsPage page, String expression, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = page.evaluate(expression).asInt();
            if (last == expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(expression + " was " + last + ", not " + expected + ", for 30 s in the open page");
    }

    private String dumpDom() throws Exception {
        return chromium("/#token=" + TOKEN, "--dump-dom");
    }

    private void screenshot() throws Exception {
        Files.deleteIfExists(SCREENSHOT);
        chromium("/#token=" + TOKEN, "--screenshot=" + SCREENSHOT, "--window-size=1300,1100", "--hide-scrollbars");
        assertThat(SCREENSHOT).exists();
    }

    /** Runs headless Chromium on the page once, until its scripts' first round is done. */
    /** The flags that work on a machine with no network but loopback, and a fresh profile. */
    private List<String> flags() throws IOException {
        return List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
    }

    private String chromium(String page, String... what) throws Exception {
        List<String> command = new ArrayList<>(flags());
        // time enough for the scripts' first round of requests, run as fast as they answer
        command.add("--virtual-time-budget=5000");
        command.addAll(List.of(what));
        command.add("http://127.0.0.1:" + httpPort + page);
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(err));
        }
        assertThat(p.exitValue()).as("chromium: %s", Files.readString(err)).isZero();
        return Files.readString(out);
    }

    private static Set<String> ids(String dom) {
        Set<String> out = new HashSet<>();
        Matcher m = CLIENT_ID.matcher(dom);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A UDP port whose next one is free too: the server's introducer sends its TEST messages from port + 1. */
    private static int freeUdpPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                int port = a.getLocalPort();
                if (port < 65535) {
                    try (DatagramSocket b = new DatagramSocket(port + 1, InetAddress.getLoopbackAddress())) {
                        return port;
                    } catch (IOException taken) {
                        // try another
                    }
                }
            }
        }
        throw new IOException("no two consecutive free UDP ports on loopback");
    }
}
