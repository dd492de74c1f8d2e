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
 * The packaged {@code ptpclient} launcher run as a real process inside a lab host's namespace
 * ({@code ip netns exec}), with {@code --json --debug} so that its stdout is one JSON object per
 * line, every protocol step among them. The lab kills it when it closes, if it still runs.
 */
final class LaunchedPtpclient {

    /** Written by {@code mvn package}; failsafe runs in the module's directory. */
    static final Path LAUNCHER = Path.of("target", "bin", "ptpclient").toAbsolutePath();

    private final LabHost host;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private LaunchedPtpclient(LabHost host, Process process, Path stdout, Path stderr) {
        this.host = host;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code ptpclient --json --debug ARGS} in {@code host}'s namespace, its output in files under {@code dir}. */
    static LaunchedPtpclient start(Lab lab, LabHost host, Path dir, List<String> args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", host.netns().name(), LAUNCHER.toString(),
                "--json", "--debug"));
        command.addAll(args);
        Path out = dir.resolve(host.name() + ".out");
        Path err = dir.resolve(host.name() + ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            lab.own(p::destroyForcibly);
            return new LaunchedPtpclient(host, p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    LabHost host() {
        return host;
    }

    /** The trace events printed so far (log lines without an event are left out). */
    List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (String line : read(stdout).split("\n")) {
            if (line.startsWith("{")) {
                JsonNode node = parse(line);
                if (node != null && node.has("event")) {
                    events.add(node);
                }
            }
        }
        return events;
    }

    /** Stops it as Ctrl-C would (SIGTERM: it sends its SHUTDOWN and exits). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(host.name() + "'s ptpclient did not stop within 10 s of SIGTERM");
        }
    }

    /** Its stdout and stderr, for a failure message. */
    String output() {
        return host.name() + " stdout:\n" + read(stdout) + "\n" + host.name() + " stderr:\n" + read(stderr);
    }

    private static JsonNode parse(String line) {
        try {
            return WireJson.MAPPER.readTree(line);
        } catch (IOException e) {
            // the last line may be half written while the process runs
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
