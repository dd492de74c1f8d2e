package org.ptpmesh.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.wire.json.WireJson;

/**
 * The packaged {@code ptpclient} launcher run as a {@link LaunchedTool} inside a lab host's
 * namespace, with {@code --json --debug} so that its stdout is one JSON object per line, every
 * protocol step among them.
 */
final class LaunchedPtpclient {

    /** Written by {@code mvn package}; failsafe runs in the module's directory. */
    static final Path LAUNCHER = Path.of("target", "bin", "ptpclient").toAbsolutePath();

    private final LabHost host;
    private final LaunchedTool tool;

    private LaunchedPtpclient(LabHost host, LaunchedTool tool) {
        this.host = host;
        this.tool = tool;
    }

    /** Starts {@code ptpclient --json --debug ARGS} in {@code host}'s namespace, its output in files under {@code dir}. */
    static LaunchedPtpclient start(Lab lab, LabHost host, Path dir, List<String> args) {
        // each host's client its own key (one key is one id), kept with its output
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "--json", "--debug", "--identity",
                dir.resolve(host.name() + "-identity").toAbsolutePath().toString()));
        command.addAll(args);
        return new LaunchedPtpclient(host, LaunchedTool.start(lab, host, dir, host.name(), command));
    }

    LabHost host() {
        return host;
    }

    /** The trace events printed so far (log lines without an event are left out). */
    List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (String line : tool.stdout().split("\n")) {
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
        if (!tool.stop()) {
            throw new AssertionError(host.name() + "'s ptpclient did not stop within 10 s of SIGTERM");
        }
    }

    /** Its stdout and stderr, for a failure message. */
    String output() {
        return tool.output();
    }

    private static JsonNode parse(String line) {
        try {
            return WireJson.MAPPER.readTree(line);
        } catch (IOException e) {
            // the last line may be half written while the process runs
            return null;
        }
    }
}
