package org.ptpmesh.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ptpmesh.wire.json.WireJson;

/**
 * A command-line tool (the packaged {@code ptpmesh} launcher, {@code iperf3}) run as a real
 * process inside a lab host's namespace ({@code ip netns exec}), its output in files. The lab
 * kills it when it closes, if it still runs.
 */
final class LaunchedTool {

    /** Written by {@code mvn package}; failsafe runs in the module's directory. */
    static final Path PTPMESH = Path.of("target", "bin", "ptpmesh").toAbsolutePath();

    private final String label;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedNanos;

    private LaunchedTool(String label, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.startedNanos = System.nanoTime();
    }

    /** Starts {@code command} in {@code host}'s namespace; its output goes to {@code dir/LABEL.out} and {@code .err}. */
    static LaunchedTool start(Lab lab, LabHost host, Path dir, String label, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.netns().name()));
        full.addAll(command);
        Path out = dir.resolve(label + ".out");
        Path err = dir.resolve(label + ".err");
        try {
            Process p = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            lab.own(p::destroyForcibly);
            return new LaunchedTool(label, p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + full, e);
        }
    }

    /** Waits for it to exit; its exit code. Fails, killing it, when it runs longer than {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(label + " still ran after " + seconds + " s\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Seconds from its start until now, or until it exited when {@link #awaitExit} returned. */
    double secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Stops it as Ctrl-C would (SIGTERM), killing it after 10 s; whether it stopped by itself. */
    boolean stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return true;
    }

    /** What it printed on stdout so far. */
    String stdout() {
        return read(stdout);
    }

    /** The last JSON object it printed on stdout (a {@code --json} transfer report). */
    JsonNode lastJson() {
        String[] lines = stdout().strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("{")) {
                try {
                    return WireJson.MAPPER.readTree(lines[i]);
                } catch (IOException e) {
                    throw new AssertionError(label + " printed a line that is not JSON: " + lines[i], e);
                }
            }
        }
        throw new AssertionError(label + " printed no JSON\n" + output());
    }

    String stderr() {
        return read(stderr);
    }

    /** Its stdout and stderr, for a failure message. */
    String output() {
        return label + " stdout:\n" + read(stdout) + "\n" + label + " stderr:\n" + read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
