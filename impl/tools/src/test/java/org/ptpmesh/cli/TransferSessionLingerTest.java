package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A finished receiver lingers while its sender keeps offering (its DONEs lost) and leaves once
 * the sender is quiet, never later than the cap.
 */
class TransferSessionLingerTest {

    @Test
    void aQuietSenderLetsTheReceiverLeaveAfterTheQuietPeriod() throws Exception {
        AtomicLong lastArrival = new AtomicLong(System.currentTimeMillis());
        long start = System.currentTimeMillis();
        TransferSession.linger(lastArrival, 10_000, 300);
        assertThat(System.currentTimeMillis() - start).isBetween(250L, 3_000L);
    }

    @Test
    void aSenderStillOfferingKeepsTheReceiverUntilItStops() throws Exception {
        AtomicLong lastArrival = new AtomicLong(System.currentTimeMillis());
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        long start = System.currentTimeMillis();
        // an OFFER every 100 ms for 1.5 s, then nothing
        sender.scheduleAtFixedRate(() -> {
            if (System.currentTimeMillis() - start < 1_500) {
                lastArrival.set(System.currentTimeMillis());
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            TransferSession.linger(lastArrival, 10_000, 300);
        } finally {
            sender.shutdownNow();
        }
        assertThat(System.currentTimeMillis() - start).isBetween(1_700L, 5_000L);
    }

    @Test
    void aSenderThatNeverStopsIsLeftAtTheCap() throws Exception {
        AtomicLong lastArrival = new AtomicLong(System.currentTimeMillis());
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        sender.scheduleAtFixedRate(() -> lastArrival.set(System.currentTimeMillis()), 0, 50, TimeUnit.MILLISECONDS);
        long start = System.currentTimeMillis();
        try {
            TransferSession.linger(lastArrival, 1_000, 300);
        } finally {
            sender.shutdownNow();
        }
        assertThat(System.currentTimeMillis() - start).isBetween(950L, 4_000L);
    }
}
