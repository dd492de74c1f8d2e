package org.ptpmesh.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.wire.MessageKind;

/**
 * /metrics read by the Prometheus project's own text-format parser (its Python client's,
 * {@code prometheus_client.parser}; Debian's python3-prometheus-client, which ci/test installs):
 * every sample the strict parser of these tests reads, it reads alike. Skipped, saying why,
 * where python3 or the package is missing.
 */
class OfficialParserTest {

    /** Prints each sample the parser read as one JSON line: its family's type, name, labels and value. */
    private static final String PARSE = String.join("\n",
            "import sys, json",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for f in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in f.samples:",
            "        print(json.dumps({'type': f.type, 'name': s.name, 'labels': s.labels, 'value': s.value}))");

    @Test
    void theOfficialParserReadsEverySampleAsTheStrictOneDoes() throws Exception {
        String python = python();
        assumeTrue(python != null, "no python3 with prometheus_client (Debian: python3-prometheus-client)");
        ServerSnapshot s = new ServerSnapshot(0, 4, 9, 0, 0, Map.of(), List.of(), Map.of(1, 2L, 2, 1L, -1, 1L));
        ServerMetrics metrics = new ServerMetrics(() -> s, () -> Map.of("rate_limited", 5L, "bad_checksum", 1L));
        metrics.received(MessageKind.REGISTER);
        metrics.received(null);
        metrics.sent(MessageKind.RELAYED, 300);
        metrics.peerRttMillis(12);
        metrics.peerRttMillis(700);
        String text = CountingNodeTest.text(metrics);
        PrometheusText strict = PrometheusText.parse(text);

        Process p = new ProcessBuilder(python, "-c", PARSE).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the parser on\n%s\nsaid\n%s", text, out).isZero();

        ObjectMapper mapper = new ObjectMapper();
        Map<String, Double> official = new HashMap<>();
        for (String line : out.strip().split("\n")) {
            JsonNode j = mapper.readTree(line);
            Map<String, String> labels = new HashMap<>();
            j.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            official.put(key(j.get("name").asText(), labels), j.get("value").asDouble());
        }
        assertThat(official).hasSameSizeAs(strict.samples);
        for (PrometheusText.Sample x : strict.samples) {
            assertThat(official.get(key(x.name(), x.labels()))).as(x.toString()).isEqualTo(x.value());
        }
        assertThat(official.get(key("ptpserver_clients", Map.of("nat", "easy")))).isEqualTo(2);
        assertThat(official.get(key("ptpserver_peer_rtt_seconds_count", Map.of()))).isEqualTo(2);
    }

    private static String key(String name, Map<String, String> labels) {
        return name + new java.util.TreeMap<>(labels);
    }

    /** Debian's python3 first: the package installs for it, and a python3 earlier on the PATH (pyenv's) may lack it. */
    private static String python() throws InterruptedException {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import prometheus_client").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not there: the next one
            }
        }
        return null;
    }
}
