package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ptpmesh send} to {@code ptpmesh receive} between two namespaces through heavy random
 * loss, independently each way (nftables numgen on both ends' input hooks, {@link
 * Lab#udpLoss}): the file arrives whole and verified. A path that drops everything, from the
 * start or from the middle of a transfer, ends the sender with an error once its idle timeout
 * has passed, not later and not silently.
 */
@Tag("lab")
class TransferLossLabIT {

    private static final int PORT = 23457;
    private static final int MIB = 24;
    /** Bounds a transfer that stalls: 24 MiB takes seconds even at 30% loss, a lossless run about one. */
    private static final long TRANSFER_SECONDS = 120;
    private static final int IDLE_SECONDS = 5;
    /** The sender looks for idle transfers once a second (TransferDefaults.IDLE_TICK_MILLIS). */
    private static final double IDLE_TICK_SECONDS = 1;
    /** From the transfer's end to the process's exit (its report written, the JVM gone), on a loaded machine. */
    private static final double EXIT_SLACK_SECONDS = 3;
    /**
     * A receiver's journal once 1024 blocks (1.4 MB) are stored: its 48-byte header and a 4-byte
     * entry per block.
     */
    private static final long BLOCKS_BEFORE_DEATH_JOURNAL_BYTES = 48 + 4 * 1024;
    /** 24 MiB take about 10 s at this rate. */
    private static final int SLOW_LINK_MBIT = 20;

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
    }

    @ParameterizedTest(name = "{0}% loss each way")
    @ValueSource(ints = {10, 20, 30})
    void fileArrivesVerifiedThroughRandomLossBothWays(int percent) throws Exception {
        try (TransferLab t = TransferLab.start("loss-" + percent, 1)) {
            Path file = t.randomFile("random-" + percent + ".bin", MIB, percent);
            t.lab().udpLoss(t.receiver(), PORT, t.sender(1), percent);
            LaunchedTool receive = t.receive(PORT);
            LaunchedTool send = t.send(1, file, PORT);
            assertThat(send.awaitExit(TRANSFER_SECONDS)).as(send.output()).isZero();
            assertThat(receive.awaitExit(30)).as(receive.output()).isZero();
            JsonNode report = receive.lastJson();
            assertThat(report.path("outcome").asText()).isEqualTo("COMPLETE");
            assertThat(Files.mismatch(file, t.received(PORT, file))).as("the received file is the sent one").isEqualTo(-1L);
            System.out.printf("lab: %d MiB at %d%% loss each way: %.1f s, %.1f Mbit/s goodput, %d blocks re-requested%n",
                    MIB, percent, report.path("seconds").asDouble(), report.path("goodput_mbit_per_second").asDouble(),
                    report.path("retransmitted_blocks").asLong());
        }
    }

    @Test
    void pathThatDropsEverythingEndsWithAnErrorWithinTheIdleTimeout() throws Exception {
        try (TransferLab t = TransferLab.start("loss-100", 1)) {
            Path file = t.randomFile("random-100.bin", 1, 100);
            t.lab().udpLoss(t.receiver(), PORT, t.sender(1), 100);
            t.receive(PORT);
            LaunchedTool send = t.send(1, file, PORT, "--idle-timeout", IDLE_SECONDS + "s");
            JsonNode report = endsInError(send, "100% loss from the start");
            assertThat(report.path("seconds").asDouble()).as("the transfer's time: the idle timeout and one idle tick at most")
                    .isLessThanOrEqualTo(IDLE_SECONDS + IDLE_TICK_SECONDS);
            assertThat(Files.exists(t.received(PORT, file))).isFalse();
        }
    }

    @Test
    void pathThatDiesMidTransferEndsWithAnErrorWithinTheIdleTimeout() throws Exception {
        try (TransferLab t = TransferLab.start("loss-dies", 1)) {
            // a slow link, so the transfer is still under way when the path dies
            t.lab().rateLimit(t.receiver(), SLOW_LINK_MBIT);
            Path file = t.randomFile("random-dies.bin", MIB, 101);
            t.receive(PORT);
            LaunchedTool send = t.send(1, file, PORT, "--idle-timeout", IDLE_SECONDS + "s");
            Path journal = t.received(PORT, file).resolveSibling("." + file.getFileName() + ".journal");
            assertThat(Await.until(TRANSFER_SECONDS * 1000, () -> journalBytes(journal) >= BLOCKS_BEFORE_DEATH_JOURNAL_BYTES
                    || !send.isAlive())).as("blocks arrive before the path dies").isTrue();
            assertThat(send.isAlive()).as(send.output()).isTrue();
            t.lab().udpLoss(t.receiver(), PORT, t.sender(1), 100);
            long died = System.nanoTime();
            endsInError(send, "the path died mid-transfer");
            double afterDeath = (System.nanoTime() - died) / 1e9;
            System.out.printf("lab: send ended %.1f s after the path died%n", afterDeath);
            assertThat(afterDeath).as("seconds from the path's death to the sender's error")
                    .isLessThanOrEqualTo(IDLE_SECONDS + IDLE_TICK_SECONDS + EXIT_SLACK_SECONDS);
        }
    }

    private static long journalBytes(Path journal) {
        try {
            return Files.size(journal);
        } catch (IOException e) {
            return 0; // not made yet
        }
    }

    /** Waits for a send that cannot succeed: exit 1, an error on stderr, a FORGOTTEN report. */
    private static JsonNode endsInError(LaunchedTool send, String what) throws InterruptedException {
        int exit = send.awaitExit(IDLE_SECONDS + TRANSFER_SECONDS);
        JsonNode report = send.lastJson();
        System.out.printf("lab: %s, idle timeout %d s: send exited %d, transfer ended after %.1f s: %s%n", what, IDLE_SECONDS,
                exit, report.path("seconds").asDouble(), send.stderr().strip());
        assertThat(exit).as(send.output()).isEqualTo(1);
        assertThat(send.stderr()).as("a clear error on stderr").containsPattern("(?m)^error: .+ forgotten: no request from the receiver");
        assertThat(report.path("outcome").asText()).isEqualTo("FORGOTTEN");
        return report;
    }
}
