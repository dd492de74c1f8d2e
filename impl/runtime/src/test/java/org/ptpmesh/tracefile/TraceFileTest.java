package org.ptpmesh.tracefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.trace.TraceEvent;

class TraceFileTest {

    @TempDir
    Path dir;

    @Test
    void writesEachNodeUnderTheProcessNameAndEveryLineAtOnce() throws IOException {
        Path file = dir.resolve("c1.ndjson");
        try (TraceFile trace = TraceFile.open(file, "c1", e -> { })) {
            trace.accept(new TraceEvent("SendPing", "natcheck", 1_765_000_000_123L, Map.of("to", "127.0.0.2:23456"), Map.of()));
            trace.accept(new TraceEvent("SendRegister", "client-0a0b0c0d", 1_765_000_000_124L, Map.of(), Map.of("peers", 0)));

            // read before close: a killed process leaves every step written so far
            assertThat(Files.readAllLines(file)).containsExactly(
                    "{\"event\":\"SendPing\",\"node\":\"c1/natcheck\",\"time\":1765000000123,\"params\":{\"to\":\"127.0.0.2:23456\"},\"state\":{}}",
                    "{\"event\":\"SendRegister\",\"node\":\"c1/client-0a0b0c0d\",\"time\":1765000000124,\"params\":{},\"state\":{\"peers\":0}}");
        }
    }

    @Test
    void refusesANameThatWouldNotStayOneColumnOrOnePrefix() {
        for (String bad : new String[] {"", "a/b", "two words", "x".repeat(TraceFile.MAX_PROCESS_NAME + 1), "caf\u00e9", "tab\t"}) {
            assertThatThrownBy(() -> TraceFile.open(dir.resolve("t.ndjson"), bad, e -> { }))
                    .as("'%s'", bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace node name");
        }
        assertThat(TraceFile.checkProcessName("[::1]:23456")).isEqualTo("[::1]:23456");
    }

    @Test
    void aFileThatCannotBeCreatedIsAUsageError() {
        assertThatThrownBy(() -> TraceFile.open(dir.resolve("no/such/dir/t.ndjson"), "c1", e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot write the trace to");
    }

    @Test
    void aFailedWriteIsReportedOnceAndEndsTheTrace() throws IOException {
        List<IOException> failures = new ArrayList<>();
        Path file = dir.resolve("t.ndjson");
        TraceFile trace = TraceFile.open(file, "c1", failures::add);
        trace.close(); // a closed stream fails every write, as a full disk does
        TraceEvent step = new TraceEvent("KeepAliveTick", "natcheck", 1, Map.of(), Map.of());

        trace.accept(step);
        trace.accept(step);

        assertThat(failures).hasSize(1);
        assertThat(Files.readString(file)).isEmpty();
    }
}
