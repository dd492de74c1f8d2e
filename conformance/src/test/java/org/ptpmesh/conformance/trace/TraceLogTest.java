package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceLogTest {

    @TempDir
    Path dir;

    @Test
    void readsEventsAndKeepsTheirLines() throws Exception {
        Path f = dir.resolve("t.ndjson");
        Files.writeString(f, """
                {"event":"Init","node":"a","time":0,"params":{"localPort":3456},"state":{}}

                {"event":"KeepAliveTick","node":"b","time":29000,"params":{"late":0},"state":{"peers":2}}
                {"event":"SendPing","node":"a","time":29000,"params":{"to":"x"},"state":{}}
                """);
        TraceLog log = TraceLog.read(f);
        assertThat(log.events()).hasSize(3);
        assertThat(log.nodes()).containsExactly("a", "b");
        assertThat(log.indexesOf("a")).containsExactly(0, 2);
        assertThat(log.events().get(1).time()).isEqualTo(29_000);
        assertThat(log.line(2)).contains("\"to\":\"x\"");
    }

    @Test
    void refusesALineThatIsNotAnEventWithItsLineNumber() throws Exception {
        Path f = dir.resolve("bad.ndjson");
        Files.writeString(f, "{\"event\":\"Init\",\"node\":\"a\",\"time\":0}\n{\"event\":\"Init\",\"time\":0}\n");
        assertThatThrownBy(() -> TraceLog.read(f)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("bad.ndjson:2").hasMessageContaining("\"node\"");
        Files.writeString(f, "{\"event\":\"Init\",\n");
        assertThatThrownBy(() -> TraceLog.read(f)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(":1: not a JSON object");
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        Path f = dir.resolve("empty.ndjson");
        Files.writeString(f, "\n");
        assertThatThrownBy(() -> TraceLog.read(f)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("no trace events");
    }
}
