package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Lab#udpLoss}): the file arrives whole and verified. A path that drops everything ends the
 * sender with an error once its idle timeout has passed, not later and not silently.
 */
@Tag("lab")
class TransferLossLabIT {

    private static final int PORT = 23457;
    private static final int MIB = 24;
    /** Bounds a transfer that stalls: 24 MiB takes seconds even at 30% loss, a lossless run about one. */
    private static final long TRANSFER_SECONDS = 120;
    private static final int IDLE_SECONDS = 5;
    /** JVM start and the OFFER's SHA-256 of the file, on a loaded 2-core machine. */
    private static final double START_SLACK_SECONDS = 4;

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
            int exit = send.awaitExit(IDLE_SECONDS * 4L);
            double seconds = send.secondsSinceStart();
            System.out.printf("lab: 100%% loss, idle timeout %d s: send exited %d after %.1f s: %s%n", IDLE_SECONDS, exit, seconds,
                    send.stderr().strip());
            assertThat(exit).as(send.output()).isEqualTo(1);
            assertThat(send.stderr()).as("a clear error on stderr").containsPattern("(?m)^error: .+");
            assertThat(seconds).as("ended within the idle timeout (plus JVM start)").isLessThan(IDLE_SECONDS + START_SLACK_SECONDS);
            assertThat(Files.exists(t.received(PORT, file))).isFalse();
        }
    }
}
