package org.ptpmesh.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.wire.Endpoint;

class NdjsonTraceWriterTest {

    private static TraceEvent punch(long time, String peer) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("to", Endpoint.of("203.0.113.7", 3456));
        params.put("ttl", 2);
        params.put("peer", peer);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("nat", "Easy");
        state.put("known", List.of(Endpoint.of("198.51.100.1", 3456).address()));
        return new TraceEvent("SendOpener", "alice", time, params, state);
    }

    @Test
    void oneEventIsOneJsonObjectWithTheFieldsInSpecificationOrder() {
        assertThat(NdjsonTraceWriter.toLine(punch(1_500, "bob"))).isEqualTo(
                "{\"event\":\"SendOpener\",\"node\":\"alice\",\"time\":1500,"
                        + "\"params\":{\"to\":\"203.0.113.7:3456\",\"ttl\":2,\"peer\":\"bob\"},"
                        + "\"state\":{\"nat\":\"Easy\",\"known\":[\"198.51.100.1\"]}}");
    }

    @Test
    void eachEventIsOneLineThatParsesBack() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(bytes)) {
            writer.accept(punch(1, "bob\nwith a line break"));
            writer.accept(punch(2, "carol"));
        }

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.get("time").asLong()).isEqualTo(2);
        assertThat(second.get("params").get("peer").asText()).isEqualTo("carol");
        assertThat(new ObjectMapper().readTree(lines.get(0)).get("params").get("peer").asText())
                .isEqualTo("bob\nwith a line break");
    }

    @Test
    void writesToAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.ndjson");
        try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(file)) {
            writer.accept(punch(7, "bob"));
        }

        assertThat(Files.readAllLines(file)).containsExactly(NdjsonTraceWriter.toLine(punch(7, "bob")));
    }

    @Test
    void theRecorderKeepsEventsInOrderAndFiltersByName() {
        TraceRecorder recorder = new TraceRecorder();
        recorder.accept(punch(1, "bob"));
        recorder.accept(new TraceEvent("Receive", "bob", 2, Map.of(), Map.of()));
        recorder.accept(punch(3, "carol"));

        assertThat(recorder.events()).extracting(TraceEvent::time).containsExactly(1L, 2L, 3L);
        assertThat(recorder.events("SendOpener")).extracting(TraceEvent::time).containsExactly(1L, 3L);
    }
}
