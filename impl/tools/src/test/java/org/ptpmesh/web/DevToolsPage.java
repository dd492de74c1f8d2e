package org.ptpmesh.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One page kept open in headless Chromium, read through the DevTools protocol (the JDK's
 * WebSocket client, no driver): the page runs on its own, as in a person's browser, and
 * {@link #evaluate} reads what it shows at that moment.
 */
final class DevToolsPage implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process chromium;
    /** Set once connected; the listener it is built with belongs to this page. */
    private WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private DevToolsPage(Process chromium) {
        this.chromium = chromium;
    }

    /** Starts Chromium with {@code flags} on {@code url} and connects to its page. */
    static DevToolsPage open(List<String> flags, String url, Path dir) throws Exception {
        List<String> command = new ArrayList<>(flags);
        command.add("--remote-debugging-port=0");
        command.add(url);
        Path err = Files.createTempFile(dir, "devtools", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            int port = port(err);
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            String ws = null;
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) {
                    ws = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (ws == null) {
                throw new IOException("Chromium lists no page: " + targets);
            }
            DevToolsPage page = new DevToolsPage(p);
            page.socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), page.listener()).get(30, TimeUnit.SECONDS);
            return page;
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static int port(Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(err));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new IOException("Chromium did not open its DevTools port within 60 s: " + Files.readString(err));
    }

    /** The value of a JavaScript expression in the page now. */
    JsonNode evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        String call = MAPPER.createObjectNode().put("id", id).put("method", "Runtime.evaluate")
                .set("params", MAPPER.createObjectNode().put("expression", expression).put("returnByValue", true)).toString();
        socket.sendText(call, true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error") || reply.path("result").has("exceptionDetails")) {
            throw new IOException("evaluating " + expression + ": " + reply);
        }
        return reply.path("result").path("result").path("value");
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }

    private void received(String message) {
        try {
            JsonNode node = MAPPER.readTree(message);
            CompletableFuture<JsonNode> f = node.has("id") ? pending.remove(node.get("id").asInt()) : null;
            if (f != null) {
                f.complete(node);
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (socket != null) {
            socket.abort();
        }
        chromium.destroy();
        if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
        }
    }
}
