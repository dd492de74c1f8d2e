package org.ptpmesh.scenario;

import java.util.function.IntConsumer;
import org.ptpmesh.nat.BirthdayOdds;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.peer.AttemptOutcome;
import org.ptpmesh.peer.AttemptResult;
import org.ptpmesh.peer.PeerDefaults;

/**
 * Repeats the birthday strategy between an Easy peer and a Hard peer (Linux NATs with
 * conntrack, low-TTL openers on) and compares what it measures with the analytic odds.
 */
public final class BirthdayExperiment {

    /**
     * @param meanProbes           probes per attempt, a failure counting its whole budget
     * @param meanProbesSuccessful probes per successful attempt
     */
    public record Result(int runs, long seed, int openPorts, int maxProbes, double successRate, double meanProbes,
                         double meanProbesSuccessful, double analyticSuccess, double analyticMeanProbes, long wallMillis) {
    }

    private BirthdayExperiment() {
    }

    /** @param progress told the number of runs done after each run */
    public static Result run(int runs, long seed, int openPorts, int maxProbes, IntConsumer progress) {
        long start = System.nanoTime();
        int successes = 0;
        long probes = 0;
        long probesSuccessful = 0;
        for (int i = 0; i < runs; i++) {
            Mesh mesh = new Mesh(seed + i, c -> c.withBirthday(openPorts, maxProbes));
            MeshPeer easy = mesh.addPeer("easy", NatKind.LINUX_EASY);
            MeshPeer hard = mesh.addPeer("hard", NatKind.LINUX_HARD);
            mesh.runFor(ScenarioRunner.SETTLE_MILLIS);
            mesh.connect(easy, hard);
            mesh.runFor(PeerDefaults.BDP * maxProbes + 5_000);
            AttemptResult result = easy.peer().attemptResults().stream()
                    .filter(r -> r.strategy() == Strategy.BIRTHDAY_PROBE).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no birthday attempt in run " + mesh.simulation().seed()));
            probes += result.probes();
            if (result.outcome() == AttemptOutcome.DIRECT) {
                successes++;
                probesSuccessful += result.probes();
            }
            progress.accept(i + 1);
        }
        double p = (double) openPorts / BirthdayOdds.PORT_SPACE;
        double analyticMean = (1 - Math.pow(1 - p, maxProbes)) / p;
        return new Result(runs, seed, openPorts, maxProbes, (double) successes / runs, (double) probes / runs,
                successes == 0 ? 0 : (double) probesSuccessful / successes, BirthdayOdds.successWithin(maxProbes, openPorts),
                analyticMean, (System.nanoTime() - start) / 1_000_000);
    }
}
