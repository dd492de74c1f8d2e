package org.ptpmesh.conformance.dissector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** tshark with the Lua dissector loaded, as the dissector tests run it. */
final class Tshark {

    /** The environment variable the dissector reads the key log's name from when its preference is empty. */
    static final String KEYLOG_VARIABLE = "PTPMESH_KEYLOG";

    private Tshark() {
    }

    /** Skips the calling test, saying why, where tshark is not installed. */
    static void assumeInstalled() throws InterruptedException {
        boolean present;
        try {
            present = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        assumeTrue(present, "tshark is not installed (Debian: apt-get install tshark); the dissector tests need it");
    }

    /**
     * tshark reading {@code capture} with the dissector, heuristics first: birthday probes go to
     * random ports, some of which Wireshark gives to other protocols' port dissectors (SABP,
     * collectd, ...), and heuristics first lets ptpmesh's claim them. Add options after it.
     */
    static List<String> reading(Path capture) {
        return new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-o", "udp.try_heuristic_first:TRUE",
                "-X", "lua_script:" + LuaDissector.script()));
    }

    /** Options printing {@code fields} one line a frame: |-separated, every occurrence, comma-joined, unquoted. */
    static List<String> fields(String... fields) {
        List<String> options = new ArrayList<>(List.of("-T", "fields", "-E", "separator=|", "-E", "occurrence=a",
                "-E", "aggregator=,", "-E", "quote=n"));
        for (String f : fields) {
            options.add("-e");
            options.add(f);
        }
        return options;
    }

    /**
     * Runs {@code cmd} in a throwaway profile under {@code home} (no user preferences, plugins or
     * key log change what it prints) with {@code environment} added; its non-blank lines.
     */
    static List<String> run(Path home, List<String> cmd, Map<String, String> environment) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(KEYLOG_VARIABLE);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.toString());
        pb.environment().putAll(environment);
        Path errors = Files.createTempFile(home, "tshark", ".err");
        pb.redirectError(errors.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        String err = Files.readString(errors);
        assertThat(p.exitValue()).as("tshark exit status; stderr: %s", err).isZero();
        assertThat(err).as("tshark stderr").doesNotContainIgnoringCase("lua").doesNotContain("error");
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
