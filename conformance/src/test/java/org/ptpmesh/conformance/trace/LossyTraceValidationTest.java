package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated pairs over lossy uplinks replayed through TLC: at 30% loss the NAT checks of
 * Easy/Easy, Easy/Hard and Hard/Hard pairs (whose retries ask an introducer that answered
 * already) match the nat-check mapping, and connects at 10% and 30% loss match the connect
 * mapping with up to four packets lost.
 */
class LossyTraceValidationTest {

    private static final int CONNECT_MAX_LOSS = 4;

    @TempDir
    static Path work;

    @Test
    void natChecksThatRetryAtThirtyPercentLossMatch() throws Exception {
        List<TraceVerdict> verdicts = new ArrayList<>();
        int retries = 0;
        for (String[] kinds : new String[][] {{"EASY", "EASY"}, {"EASY", "HARD"}, {"HARD", "HARD"}}) {
            String run = "check-" + kinds[0] + "-" + kinds[1];
            TraceLog log = lossyPair(run, kinds[0], kinds[1], 0.3);
            retries += (int) log.events().stream().filter(e -> e.event().equals("RetryPing")).count();
            verdicts.addAll(replay(log, run, new NatCheckMapping()));
        }

        assertThat(retries).as("the loss made the NAT checks retry").isPositive();
        assertThat(verdicts).hasSize(6).allSatisfy(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).as(TraceReport.summary(v)).isTrue();
        });
    }

    @Test
    void anEasyEasyConnectAtTenPercentLossMatches() throws Exception {
        assertConnectMatches(lossyPair("connect-10", "EASY", "EASY", 0.1), "connect-10");
    }

    @Test
    void aHardHardConnectAtThirtyPercentLossMatches() throws Exception {
        assertConnectMatches(lossyPair("connect-30", "HARD", "HARD", 0.3), "connect-30");
    }

    private static TraceLog lossyPair(String name, String kindA, String kindB, double loss) throws Exception {
        Path trace = work.resolve(name + ".ndjson");
        PairScenario.write(trace, kindA, kindB, loss, false, 1);
        return TraceLog.read(trace);
    }

    private static void assertConnectMatches(TraceLog log, String run) {
        assertThat(replay(log, run, new ConnectMapping(false, CONNECT_MAX_LOSS))).singleElement().satisfies(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).as(TraceReport.summary(v)).isTrue();
        });
    }

    private static List<TraceVerdict> replay(TraceLog log, String run, TraceMapping... mappings) {
        return TraceReplays.replay(work, log, run, mappings);
    }
}
