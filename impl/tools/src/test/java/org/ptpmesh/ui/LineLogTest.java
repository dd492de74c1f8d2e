package org.ptpmesh.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.trace.RendezvousAction;
import org.ptpmesh.trace.Tracer;

/** The line logs ptpserver and ptpclient write when stdout is not a terminal: plain, or --json. */
class LineLogTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private LineLog log(boolean json, boolean debug) {
        return new LineLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), json, debug, () -> 0L);
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void membershipAndRoutine(LineLog log) {
        log.log(LogSink.Level.INFO, "serving");
        log.log(LogSink.Level.DEBUG, "detail");
        Tracer server = new Tracer("server", state -> state.put("clients", 1));
        server.step(log::trace, 5, RendezvousAction.REGISTER).param("client", "ab").param("outcome", "joined").log();
        server.step(log::trace, 6, RendezvousAction.REGISTER).param("client", "ab").param("outcome", "refreshed").log();
    }

    @Test
    void plainLinesShowMembershipChangesAndHideRoutineStepsWithoutDebug() {
        membershipAndRoutine(log(false, false));
        assertThat(lines()).containsExactly(
                "1970-01-01T00:00:00Z INFO serving",
                "1970-01-01T00:00:00.005Z INFO server Register client=ab outcome=joined");
    }

    @Test
    void debugShowsEveryStep() {
        membershipAndRoutine(log(false, true));
        assertThat(lines()).hasSize(4).anySatisfy(l -> assertThat(l).endsWith("DEBUG detail"))
                .anySatisfy(l -> assertThat(l).contains("DEBUG server Register client=ab outcome=refreshed"));
    }

    @Test
    void jsonIsOneObjectPerLine() throws Exception {
        membershipAndRoutine(log(true, false));
        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode message = mapper.readTree(lines.get(0));
        assertThat(message.get("level").asText()).isEqualTo("INFO");
        assertThat(message.get("msg").asText()).isEqualTo("serving");
        JsonNode step = mapper.readTree(lines.get(1));
        assertThat(step.get("event").asText()).isEqualTo("Register");
        assertThat(step.get("node").asText()).isEqualTo("server");
        assertThat(step.at("/params/outcome").asText()).isEqualTo("joined");
        assertThat(step.at("/state/clients").asInt()).isEqualTo(1);
        assertThat(step.get("time").asText()).isEqualTo("1970-01-01T00:00:00.005Z");
    }

    @Test
    void hexdumpLogsEveryDatagramSixteenBytesALineWithOffsets() {
        LineLog log = log(false, false);
        byte[] data = new byte[18];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        new HexDumpTap(log).received(23456, org.ptpmesh.wire.Endpoint.of("127.0.0.1", 40000), data);
        assertThat(lines()).containsExactly(
                "1970-01-01T00:00:00Z INFO recv 18 bytes from 127.0.0.1:40000 on port 23456",
                "  0000  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
                "  0010  10 11");
    }
}
