package org.ptpmesh.conformance.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ptpmesh.wire.json.WireJson;

/**
 * One adapter process playing one role: started under {@code sh -c} (in a lab namespace through
 * {@code ip netns exec}) with the contract's environment, its stdout and stderr kept in the
 * role's work directory.
 */
final class RoleProcess {

    private static final long POLL_MILLIS = 100;

    private final Role role;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private boolean killed;

    private RoleProcess(Role role, Process process, Path stdout, Path stderr) {
        this.role = role;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** @param netns the network namespace to run it in ({@code ip netns exec}), null for this one */
    static RoleProcess start(Role role, String command, String netns, Map<String, String> env, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path out = workDir.resolve("stdout");
        Path err = workDir.resolve("stderr");
        List<String> argv = netns == null ? List.of("sh", "-c", command) : List.of("ip", "netns", "exec", netns, "sh", "-c", command);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new RoleProcess(role, pb.start(), out, err);
    }

    Role role() {
        return role;
    }

    /** Waits until the role printed {"ready":true} (true), exited, or the time is up (false). */
    boolean awaitReady(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                JsonNode json = parse(line);
                if (json != null && json.path("ready").asBoolean(false)) {
                    return true;
                }
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    /**
     * Tells the role to leave (departure): closes its standard input. The adapter then makes its
     * implementation say goodbye (SHUTDOWN) and prints its result. A signal would not do: the
     * process started is {@code sh -c} (or {@code ip netns exec}), which would take it itself,
     * while the adapter inherits its standard input.
     */
    void leave() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * Waits until the role printed its result line (a JSON object other than {"ready":true}),
     * exited, or the time is up; returns when it saw the line (epoch ms), or -1.
     */
    long awaitResultLine(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long now = System.currentTimeMillis();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                JsonNode json = parse(line);
                if (json != null && !json.has("ready")) {
                    return now;
                }
            }
            if (!process.isAlive() || now >= deadline) {
                return -1;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits for the role to end by itself; stops it after {@code timeoutMillis}. */
    RoleResult await(long timeoutMillis) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            stop();
        }
        return result();
    }

    /** SIGTERM to the adapter and everything it started, SIGKILL if they linger. */
    RoleResult stop() throws IOException, InterruptedException {
        if (process.isAlive()) {
            killed = true;
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
        return result();
    }

    /** SIGKILL: the role vanishes without a goodbye, as a crashed or unplugged peer does. */
    void kill() throws InterruptedException {
        killed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private RoleResult result() throws IOException {
        JsonNode last = null;
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            JsonNode json = parse(line);
            if (json != null && !json.has("ready")) {
                last = json;
            }
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new RoleResult(role, exit, last, tail(stderr), killed);
    }

    private static JsonNode parse(String line) {
        String t = line.trim();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = WireJson.MAPPER.readTree(t);
            return node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
    }
}
