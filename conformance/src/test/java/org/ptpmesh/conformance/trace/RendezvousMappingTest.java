package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.trace.TraceEvent;

/** How a server's and its clients' events become TraceRendezvous records, without TLC. */
class RendezvousMappingTest {

    private static final String A = "aaaaaaaa00000000000000000000000a";
    private static final String B = "bbbbbbbb00000000000000000000000b";

    @TempDir
    Path dir;

    @Test
    void theServerAndItsClientsAreOneReplayWithClientsNumberedByTheIdInTheirNodeName() throws Exception {
        TraceLog log = log(
                "{\"event\":\"SendRegister\",\"node\":\"client-bbbbbbbb\",\"time\":1000,\"params\":{\"reports\":3},\"state\":{\"peers\":0}}",
                "{\"event\":\"Challenge\",\"node\":\"server\",\"time\":1010,\"params\":{\"client\":\"" + B + "\"},\"state\":{\"clients\":0}}",
                "{\"event\":\"Register\",\"node\":\"server\",\"time\":1020,\"params\":{\"client\":\"" + B
                        + "\",\"outcome\":\"joined\"},\"state\":{\"clients\":1}}",
                "{\"event\":\"Publish\",\"node\":\"server\",\"time\":1020,\"params\":{\"to\":[\"" + B + "\",\"" + A
                        + "\"],\"datagrams\":3},\"state\":{\"clients\":2}}",
                "{\"event\":\"ReceiveList\",\"node\":\"client-bbbbbbbb\",\"time\":1030,\"params\":{\"page\":1,\"pages\":2,"
                        + "\"entries\":7,\"complete\":false},\"state\":{\"peers\":0}}",
                "{\"event\":\"ReceiveEcho\",\"node\":\"server\",\"time\":1040,\"params\":{\"client\":\"" + A
                        + "\"},\"state\":{\"clients\":2}}",
                "{\"event\":\"Probe\",\"node\":\"client-bbbbbbbb\",\"time\":1050,\"params\":{},\"state\":{\"peers\":0}}",
                "{\"event\":\"Purge\",\"node\":\"server\",\"time\":1060,\"params\":{\"client\":\"" + A
                        + "\",\"silentFor\":31000},\"state\":{\"clients\":1}}");

        List<MappedTrace> traces = new RendezvousMapping(30_000, 1_000).map(log);

        assertThat(traces).singleElement().satisfies(t -> {
            assertThat(t.node()).isEqualTo("server");
            assertThat(t.specModule()).isEqualTo("TraceRendezvous");
            // Challenge and Probe are outside the model; time counts from the first event
            assertThat(t.records()).containsExactly(
                    "[a |-> \"SendRegister\", c |-> 1, t |-> 0, s |-> 0, n |-> 3]",
                    "[a |-> \"Register\", c |-> 1, t |-> 20, s |-> 1, o |-> \"joined\"]",
                    "[a |-> \"Publish\", t |-> 20, s |-> 2, to |-> {1, 2}, n |-> 3]",
                    "[a |-> \"ReceiveList\", c |-> 1, t |-> 30, s |-> 0, k |-> 2, p |-> 2, n |-> 7, x |-> FALSE]",
                    "[a |-> \"Heard\", c |-> 2, t |-> 40, s |-> 2]",
                    "[a |-> \"Purge\", c |-> 2, t |-> 60, s |-> 1, n |-> 31000]");
            assertThat(t.sources()).containsExactly(0, 2, 3, 4, 5, 7);
            assertThat(t.constants()).containsEntry("N", "2").containsEntry("PURGE", "30000")
                    .containsEntry("CHECK", "1000").containsEntry("PAGE", "7").containsEntry("MayStop", "1..2");
        });
    }

    /**
     * Real processes' traces merged by ms, the server's file first: a SHUTDOWN's Unregister logged
     * in the ms of the client's Shutdown comes before it in the file, and is replayed after it.
     */
    @Test
    void withinOneMillisecondTheSendingStepOfARealClientGoesFirst() throws Exception {
        TraceLog log = log(
                "{\"event\":\"Register\",\"node\":\"127.0.0.1:5/server\",\"time\":1000,\"params\":{\"client\":\"" + B
                        + "\",\"outcome\":\"joined\"},\"state\":{\"clients\":1}}",
                "{\"event\":\"Unregister\",\"node\":\"127.0.0.1:5/server\",\"time\":2000,\"params\":{\"client\":\"" + B
                        + "\"},\"state\":{\"clients\":0}}",
                "{\"event\":\"SendRegister\",\"node\":\"c1/client-bbbbbbbb\",\"time\":1000,\"params\":{\"reports\":0},\"state\":{\"peers\":0}}",
                "{\"event\":\"Shutdown\",\"node\":\"c1/client-bbbbbbbb\",\"time\":2000,\"params\":{},\"state\":{\"peers\":0}}");
        // the order TraceMerge gives two files whose events share their ms
        List<TraceEvent> merged = List.of(log.events().get(0), log.events().get(2), log.events().get(1), log.events().get(3));

        assertThat(RendezvousMapping.sendsFirstWithinAMillisecond(merged)).containsExactly(1, 0, 3, 2);
        // a client of a real process (PROCESS/client-<id>) is the server's client
        assertThat(new RendezvousMapping(30_000, 1_000).map(log)).singleElement()
                .satisfies(t -> assertThat(t.records()).anyMatch(r -> r.startsWith("[a |-> \"Shutdown\", c |-> 1")));
    }

    @Test
    void aTraceWithoutAServerHasNoRendezvousReplay() throws Exception {
        TraceLog log = log("{\"event\":\"SendRegister\",\"node\":\"client-bbbbbbbb\",\"time\":0,\"params\":{},\"state\":{}}");

        assertThat(new RendezvousMapping(30_000, 1_000).map(log)).isEmpty();
    }

    @Test
    void aPurgeWindowThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new RendezvousMapping(0, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purge window");
    }

    private TraceLog log(String... lines) throws Exception {
        Path file = dir.resolve("t.ndjson");
        Files.write(file, List.of(lines));
        return TraceLog.read(file);
    }
}
